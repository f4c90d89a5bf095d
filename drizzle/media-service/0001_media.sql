CREATE TABLE "media_service"."media" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"focus_x" real DEFAULT 0 NOT NULL,
	"focus_y" real DEFAULT 0 NOT NULL,
	"width" integer,
	"height" integer,
	"blurhash" text,
	"variants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"video" jsonb,
	"source_key" text,
	"stored_bytes" bigint DEFAULT 0 NOT NULL,
	"processing_progress" real DEFAULT 0 NOT NULL,
	"error" text,
	"attached_to" text,
	"attached_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_service"."outbox" (
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "media_service"."outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"traceparent" text,
	"envelope" "bytea" NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claim_token" uuid,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_position_unique" UNIQUE("position")
);
--> statement-breakpoint
CREATE TABLE "media_service"."processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "media_service"."upload_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"declared_content_type" text NOT NULL,
	"declared_size" bigint NOT NULL,
	"sha256" text,
	"key" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"media_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "media_owner_idx" ON "media_service"."media" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "media_attached_to_idx" ON "media_service"."media" USING btree ("attached_to");--> statement-breakpoint
CREATE INDEX "media_unattached_idx" ON "media_service"."media" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "media_service"."outbox" USING btree ("position") WHERE "media_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_pending_aggregate_idx" ON "media_service"."outbox" USING btree ("aggregate_id","position") WHERE "media_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_occurred_at_idx" ON "media_service"."outbox" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "media_service"."processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE INDEX "upload_sessions_owner_idx" ON "media_service"."upload_sessions" USING btree ("owner_id");