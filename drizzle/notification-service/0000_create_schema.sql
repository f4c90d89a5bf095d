CREATE SCHEMA "notification_service";
