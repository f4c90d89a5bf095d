CREATE SCHEMA "media_service";
