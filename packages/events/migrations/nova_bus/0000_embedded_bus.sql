CREATE SCHEMA "nova_bus";
--> statement-breakpoint
CREATE TABLE "nova_bus"."consumer_offsets" (
	"group_id" text NOT NULL,
	"topic" text NOT NULL,
	"offset" bigint DEFAULT 0 NOT NULL,
	"owner" text,
	"lease_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_offsets_group_id_topic_pk" PRIMARY KEY("group_id","topic")
);
--> statement-breakpoint
CREATE TABLE "nova_bus"."log" (
	"topic" text NOT NULL,
	"offset" bigint NOT NULL,
	"key" text NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"headers" jsonb NOT NULL,
	"value" "bytea" NOT NULL,
	"appended_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_topic_offset_pk" PRIMARY KEY("topic","offset")
);
