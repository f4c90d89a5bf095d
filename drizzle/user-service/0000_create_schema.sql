CREATE SCHEMA "user_service";
