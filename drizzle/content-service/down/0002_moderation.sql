-- Reverts 0002: drops the trust & safety columns of posts (labels, pending re-check, hiding action).
DROP INDEX IF EXISTS "content_service"."posts_moderation_pending_idx";
--> statement-breakpoint
ALTER TABLE "content_service"."posts" DROP COLUMN IF EXISTS "moderation_pending";
--> statement-breakpoint
ALTER TABLE "content_service"."posts" DROP COLUMN IF EXISTS "moderation_labels";
--> statement-breakpoint
ALTER TABLE "content_service"."posts" DROP COLUMN IF EXISTS "hidden_by_action";
