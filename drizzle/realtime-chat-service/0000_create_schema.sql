CREATE SCHEMA "realtime_chat_service";
