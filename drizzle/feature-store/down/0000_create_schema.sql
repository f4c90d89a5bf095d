-- Reverting the first migration removes the whole schema, feature_store.__migrations included.
DROP SCHEMA IF EXISTS "feature_store" CASCADE;
