CREATE SCHEMA "ranking_service";
