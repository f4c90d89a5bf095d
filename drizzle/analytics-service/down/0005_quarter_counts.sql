-- Reverts 0005: drops the 15-minute count rollups (rebuilt from the events when 0005 is applied again).
DROP TABLE IF EXISTS "analytics_service"."subject_quarters";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."metric_quarters";
