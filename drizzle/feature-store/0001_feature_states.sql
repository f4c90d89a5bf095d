CREATE TABLE "feature_store"."entity_states" (
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"state" jsonb NOT NULL,
	"valid_from" bigint NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entity_states_entity_type_entity_id_pk" PRIMARY KEY("entity_type","entity_id")
);
--> statement-breakpoint
CREATE TABLE "feature_store"."offline_snapshots" (
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"valid_from" bigint NOT NULL,
	"version" bigint NOT NULL,
	"event_id" text NOT NULL,
	"state" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_store"."processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "offline_snapshots_version_idx" ON "feature_store"."offline_snapshots" USING btree ("entity_type","entity_id","version");--> statement-breakpoint
CREATE INDEX "offline_snapshots_asof_idx" ON "feature_store"."offline_snapshots" USING btree ("entity_type","entity_id","valid_from");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "feature_store"."processed_events" USING btree ("processed_at");