-- Reverts 0003: upload sessions lose their multipart columns (open multipart sessions cannot complete).
ALTER TABLE "media_service"."upload_sessions" DROP COLUMN IF EXISTS "part_count";
ALTER TABLE "media_service"."upload_sessions" DROP COLUMN IF EXISTS "part_size";
ALTER TABLE "media_service"."upload_sessions" DROP COLUMN IF EXISTS "multipart_upload_id";
