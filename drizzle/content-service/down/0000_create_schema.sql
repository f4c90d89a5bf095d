-- Reverting the first migration removes the whole schema, content_service.__migrations included.
DROP SCHEMA IF EXISTS "content_service" CASCADE;
