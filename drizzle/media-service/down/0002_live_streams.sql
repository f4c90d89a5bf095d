-- Reverts 0002: drops live streams (stream keys included).
DROP TABLE IF EXISTS "media_service"."live_streams";
