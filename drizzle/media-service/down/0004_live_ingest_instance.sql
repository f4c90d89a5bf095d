-- Reverts 0004: live streams forget their ingest replica and its viewer count (single-instance live again).
ALTER TABLE "media_service"."live_streams" DROP COLUMN IF EXISTS "viewers";
ALTER TABLE "media_service"."live_streams" DROP COLUMN IF EXISTS "ingest_instance_url";
