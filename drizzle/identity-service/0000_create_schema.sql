CREATE SCHEMA "identity_service";
