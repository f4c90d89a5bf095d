CREATE SCHEMA "analytics_service";
