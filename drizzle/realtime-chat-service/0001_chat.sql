CREATE TABLE "realtime_chat_service"."conversations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"direct_key" text,
	"created_by" uuid NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "realtime_chat_service"."devices" (
	"account_id" uuid NOT NULL,
	"device_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"identity_key" "bytea" NOT NULL,
	"signed_pre_key_id" integer NOT NULL,
	"signed_pre_key" "bytea" NOT NULL,
	"signed_pre_key_signature" "bytea" NOT NULL,
	"kyber_pre_key_id" integer,
	"kyber_pre_key" "bytea",
	"kyber_pre_key_signature" "bytea",
	"last_device_seq" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "devices_account_id_device_id_pk" PRIMARY KEY("account_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "realtime_chat_service"."envelopes" (
	"account_id" uuid NOT NULL,
	"device_id" integer NOT NULL,
	"device_seq" bigint NOT NULL,
	"conversation_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"sender_id" uuid NOT NULL,
	"sender_device_id" integer NOT NULL,
	"envelope_type" integer NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "envelopes_account_id_device_id_device_seq_pk" PRIMARY KEY("account_id","device_id","device_seq")
);
--> statement-breakpoint
CREATE TABLE "realtime_chat_service"."members" (
	"conversation_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"role" text NOT NULL,
	"state" text NOT NULL,
	"read_seq" bigint DEFAULT 0 NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_conversation_id_account_id_pk" PRIMARY KEY("conversation_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "realtime_chat_service"."messages" (
	"conversation_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"sender_id" uuid NOT NULL,
	"sender_device_id" integer NOT NULL,
	"client_message_id" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "messages_conversation_id_seq_pk" PRIMARY KEY("conversation_id","seq")
);
--> statement-breakpoint
CREATE TABLE "realtime_chat_service"."one_time_prekeys" (
	"account_id" uuid NOT NULL,
	"device_id" integer NOT NULL,
	"key_id" integer NOT NULL,
	"public_key" "bytea" NOT NULL,
	CONSTRAINT "one_time_prekeys_account_id_device_id_key_id_pk" PRIMARY KEY("account_id","device_id","key_id")
);
--> statement-breakpoint
CREATE TABLE "realtime_chat_service"."outbox" (
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "realtime_chat_service"."outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
CREATE TABLE "realtime_chat_service"."processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_direct_key_idx" ON "realtime_chat_service"."conversations" USING btree ("direct_key");--> statement-breakpoint
CREATE INDEX "envelopes_sent_at_idx" ON "realtime_chat_service"."envelopes" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "envelopes_conversation_idx" ON "realtime_chat_service"."envelopes" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "members_account_idx" ON "realtime_chat_service"."members" USING btree ("account_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_client_id_idx" ON "realtime_chat_service"."messages" USING btree ("conversation_id","sender_id","client_message_id");--> statement-breakpoint
CREATE INDEX "messages_sent_at_idx" ON "realtime_chat_service"."messages" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "realtime_chat_service"."outbox" USING btree ("position") WHERE "realtime_chat_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_pending_aggregate_idx" ON "realtime_chat_service"."outbox" USING btree ("aggregate_id","position") WHERE "realtime_chat_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_occurred_at_idx" ON "realtime_chat_service"."outbox" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "realtime_chat_service"."processed_events" USING btree ("processed_at");