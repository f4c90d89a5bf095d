-- Reverts 0001: drops the raw events and the hourly rollups, data included.
DROP TABLE IF EXISTS "analytics_service"."subject_hours";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."metric_hours";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."active_hours";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."events";
