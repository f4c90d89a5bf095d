CREATE TABLE "social_service"."bookmarks" (
	"account_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookmarks_account_id_post_id_pk" PRIMARY KEY("account_id","post_id")
);
--> statement-breakpoint
CREATE TABLE "social_service"."comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"post_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_service"."likes" (
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"subject_author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "likes_subject_kind_subject_id_account_id_pk" PRIMARY KEY("subject_kind","subject_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "social_service"."outbox" (
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "social_service"."outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
CREATE TABLE "social_service"."post_counters" (
	"post_id" uuid PRIMARY KEY NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	"reposts" bigint DEFAULT 0 NOT NULL,
	"quotes" bigint DEFAULT 0 NOT NULL,
	"bookmarks" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_service"."processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "social_service"."quotes" (
	"quote_post_id" uuid PRIMARY KEY NOT NULL,
	"quoted_post_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_service"."reposts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"post_author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "bookmarks_account_recent_idx" ON "social_service"."bookmarks" USING btree ("account_id","created_at" DESC NULLS LAST,"post_id");--> statement-breakpoint
CREATE INDEX "bookmarks_post_idx" ON "social_service"."bookmarks" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "comments_post_idx" ON "social_service"."comments" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "likes_subject_recent_idx" ON "social_service"."likes" USING btree ("subject_kind","subject_id","created_at" DESC NULLS LAST,"account_id");--> statement-breakpoint
CREATE INDEX "likes_account_recent_idx" ON "social_service"."likes" USING btree ("account_id","subject_kind","created_at" DESC NULLS LAST,"subject_id");--> statement-breakpoint
CREATE INDEX "likes_post_idx" ON "social_service"."likes" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "social_service"."outbox" USING btree ("position") WHERE "social_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_pending_aggregate_idx" ON "social_service"."outbox" USING btree ("aggregate_id","position") WHERE "social_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_occurred_at_idx" ON "social_service"."outbox" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "social_service"."processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE INDEX "quotes_quoted_idx" ON "social_service"."quotes" USING btree ("quoted_post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reposts_account_post_idx" ON "social_service"."reposts" USING btree ("account_id","post_id");--> statement-breakpoint
CREATE INDEX "reposts_post_idx" ON "social_service"."reposts" USING btree ("post_id");