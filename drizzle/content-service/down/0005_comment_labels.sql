-- Reverts 0005: drops the trust & safety labels and the re-check flag of comments.
DROP INDEX IF EXISTS "content_service"."comments_moderation_pending_idx";
--> statement-breakpoint
ALTER TABLE "content_service"."comments" DROP COLUMN IF EXISTS "moderation_pending";
--> statement-breakpoint
ALTER TABLE "content_service"."comments" DROP COLUMN IF EXISTS "moderation_labels";
