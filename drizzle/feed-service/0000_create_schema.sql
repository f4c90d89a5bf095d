CREATE SCHEMA "feed_service";
