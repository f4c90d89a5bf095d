-- Reverts 0004: drops the span, cohort and author rollups (rebuilt from the events when 0004 is applied again).
DROP TABLE IF EXISTS "analytics_service"."author_posts";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."account_cohorts";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."account_spans";
