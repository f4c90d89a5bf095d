-- Reverts 0003: drops the moderator-hiding columns of comments.
ALTER TABLE "content_service"."comments" DROP COLUMN IF EXISTS "hidden_by_action";
--> statement-breakpoint
ALTER TABLE "content_service"."comments" DROP COLUMN IF EXISTS "hidden_reason";
--> statement-breakpoint
ALTER TABLE "content_service"."comments" DROP COLUMN IF EXISTS "hidden_at";
