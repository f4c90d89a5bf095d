DROP TABLE "analytics_service"."metric_hours" CASCADE;--> statement-breakpoint
DROP TABLE "analytics_service"."subject_hours" CASCADE;