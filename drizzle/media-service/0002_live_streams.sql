CREATE TABLE "media_service"."live_streams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"title" text NOT NULL,
	"stream_key_hash" text NOT NULL,
	"status" text DEFAULT 'idle' NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"recording_media_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "live_streams_key_idx" ON "media_service"."live_streams" USING btree ("stream_key_hash");--> statement-breakpoint
CREATE INDEX "live_streams_owner_idx" ON "media_service"."live_streams" USING btree ("owner_id");