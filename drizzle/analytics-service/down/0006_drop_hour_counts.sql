-- Reverts 0006: brings back the hourly count rollups, summed up from the 15-minute ones.
CREATE TABLE IF NOT EXISTS "analytics_service"."metric_hours" (
	"hour" timestamp with time zone NOT NULL,
	"name" text NOT NULL,
	"surface" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "metric_hours_hour_name_surface_pk" PRIMARY KEY("hour","name","surface")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "analytics_service"."subject_hours" (
	"subject_id" text NOT NULL,
	"name" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "subject_hours_subject_id_name_hour_pk" PRIMARY KEY("subject_id","name","hour")
);
--> statement-breakpoint
INSERT INTO "analytics_service"."metric_hours" ("hour", "name", "surface", "count")
SELECT date_trunc('hour', quarter), name, surface, sum(count) FROM "analytics_service"."metric_quarters" GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "analytics_service"."subject_hours" ("subject_id", "name", "hour", "count")
SELECT subject_id, name, date_trunc('hour', quarter), sum(count) FROM "analytics_service"."subject_quarters" GROUP BY 1, 2, 3;
