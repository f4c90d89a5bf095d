-- Reverts 0004: drops the media ids of comments (their media stay attached in media-service until released).
ALTER TABLE "content_service"."comments" DROP COLUMN IF EXISTS "media_ids";
