ALTER TABLE "content_service"."comments" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "content_service"."comments" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "content_service"."comments" ADD COLUMN "hidden_by_action" uuid;