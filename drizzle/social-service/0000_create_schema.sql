CREATE SCHEMA "social_service";
