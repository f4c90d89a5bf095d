CREATE SCHEMA "search_service";
