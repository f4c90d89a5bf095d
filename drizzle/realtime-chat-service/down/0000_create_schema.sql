-- Reverting the first migration removes the whole schema, realtime_chat_service.__migrations included.
DROP SCHEMA IF EXISTS "realtime_chat_service" CASCADE;
