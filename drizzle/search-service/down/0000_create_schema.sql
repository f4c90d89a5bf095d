-- Reverting the first migration removes the whole schema, search_service.__migrations included.
DROP SCHEMA IF EXISTS "search_service" CASCADE;
