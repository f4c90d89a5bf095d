-- Reverting the first migration removes the whole schema, user_service.__migrations included.
DROP SCHEMA IF EXISTS "user_service" CASCADE;
