ALTER TABLE "content_service"."comments" ADD COLUMN "moderation_labels" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "content_service"."comments" ADD COLUMN "moderation_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "comments_moderation_pending_idx" ON "content_service"."comments" USING btree ("created_at") WHERE moderation_pending;