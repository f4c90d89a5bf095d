CREATE SCHEMA "content_service";
