-- Reverting the first migration removes the whole schema, trust_safety_service.__migrations included.
DROP SCHEMA IF EXISTS "trust_safety_service" CASCADE;
