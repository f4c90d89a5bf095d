-- Reverting the first migration removes the whole schema, feed_service.__migrations included.
DROP SCHEMA IF EXISTS "feed_service" CASCADE;
