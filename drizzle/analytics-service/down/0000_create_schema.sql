-- Reverting the first migration removes the whole schema, analytics_service.__migrations included.
DROP SCHEMA IF EXISTS "analytics_service" CASCADE;
