ALTER TABLE "content_service"."posts" ADD COLUMN "hidden_by_action" uuid;--> statement-breakpoint
ALTER TABLE "content_service"."posts" ADD COLUMN "moderation_labels" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "content_service"."posts" ADD COLUMN "moderation_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "posts_moderation_pending_idx" ON "content_service"."posts" USING btree ("created_at") WHERE moderation_pending;