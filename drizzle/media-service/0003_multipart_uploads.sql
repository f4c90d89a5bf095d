ALTER TABLE "media_service"."upload_sessions" ADD COLUMN "multipart_upload_id" text;--> statement-breakpoint
ALTER TABLE "media_service"."upload_sessions" ADD COLUMN "part_size" bigint;--> statement-breakpoint
ALTER TABLE "media_service"."upload_sessions" ADD COLUMN "part_count" integer;