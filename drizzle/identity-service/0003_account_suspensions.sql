CREATE TABLE "identity_service"."account_suspensions" (
	"action_id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_service"."processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE INDEX "account_suspensions_account_idx" ON "identity_service"."account_suspensions" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "identity_service"."processed_events" USING btree ("processed_at");