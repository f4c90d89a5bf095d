-- Reverts 0005: drops the trust & safety labels of comments.
ALTER TABLE "content_service"."comments" DROP COLUMN IF EXISTS "moderation_labels";
