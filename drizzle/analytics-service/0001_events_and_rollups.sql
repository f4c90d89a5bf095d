CREATE TABLE "analytics_service"."active_hours" (
	"hour" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	CONSTRAINT "active_hours_hour_account_id_pk" PRIMARY KEY("hour","account_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."events" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"account_id" text,
	"device_id" text,
	"session_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"post_id" text,
	"target_account_id" text,
	"surface" text,
	"source" text NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."metric_hours" (
	"hour" timestamp with time zone NOT NULL,
	"name" text NOT NULL,
	"surface" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "metric_hours_hour_name_surface_pk" PRIMARY KEY("hour","name","surface")
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."subject_hours" (
	"subject_id" text NOT NULL,
	"name" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "subject_hours_subject_id_name_hour_pk" PRIMARY KEY("subject_id","name","hour")
);
--> statement-breakpoint
CREATE INDEX "active_hours_account_idx" ON "analytics_service"."active_hours" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "events_account_idx" ON "analytics_service"."events" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "events_target_account_idx" ON "analytics_service"."events" USING btree ("target_account_id");--> statement-breakpoint
CREATE INDEX "events_name_time_idx" ON "analytics_service"."events" USING btree ("name","occurred_at");