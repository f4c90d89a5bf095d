-- Reverting the first migration removes the whole schema, ranking_service.__migrations included.
DROP SCHEMA IF EXISTS "ranking_service" CASCADE;
