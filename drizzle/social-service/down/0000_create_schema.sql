-- Reverting the first migration removes the whole schema, social_service.__migrations included.
DROP SCHEMA IF EXISTS "social_service" CASCADE;
