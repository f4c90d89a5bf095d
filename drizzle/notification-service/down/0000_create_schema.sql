-- Reverting the first migration removes the whole schema, notification_service.__migrations included.
DROP SCHEMA IF EXISTS "notification_service" CASCADE;
