ALTER TABLE "media_service"."live_streams" ADD COLUMN "ingest_instance_url" text;--> statement-breakpoint
ALTER TABLE "media_service"."live_streams" ADD COLUMN "viewers" integer DEFAULT 0 NOT NULL;