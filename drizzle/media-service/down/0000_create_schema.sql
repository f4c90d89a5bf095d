-- Reverting the first migration removes the whole schema, media_service.__migrations included.
DROP SCHEMA IF EXISTS "media_service" CASCADE;
