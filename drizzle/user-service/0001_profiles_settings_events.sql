CREATE TABLE "user_service"."outbox" (
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "user_service"."outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
CREATE TABLE "user_service"."processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "user_service"."profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"avatar_media_id" uuid,
	"banner_media_id" uuid,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"pronouns" text DEFAULT '' NOT NULL,
	"birthday" date,
	"birthday_visibility" text DEFAULT 'only_me' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"username_changed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "user_service"."settings" (
	"profile_id" uuid PRIMARY KEY NOT NULL,
	"private_account" boolean DEFAULT false NOT NULL,
	"who_can_message" text DEFAULT 'everyone' NOT NULL,
	"who_can_mention" text DEFAULT 'everyone' NOT NULL,
	"discoverable_by_email" boolean DEFAULT false NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_service"."settings" ADD CONSTRAINT "settings_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "user_service"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "user_service"."outbox" USING btree ("position") WHERE "user_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_pending_aggregate_idx" ON "user_service"."outbox" USING btree ("aggregate_id","position") WHERE "user_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_occurred_at_idx" ON "user_service"."outbox" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "user_service"."processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "profiles_username_idx" ON "user_service"."profiles" USING btree ("username");