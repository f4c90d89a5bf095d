-- Reverting the first migration removes the whole schema, identity_service.__migrations included.
DROP SCHEMA IF EXISTS "identity_service" CASCADE;
