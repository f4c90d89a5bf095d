-- Reverts 0008: drops the zone period memberships and counts (re-running 0008 and the stores'
-- zone backfills rebuild them from the events).
DROP TABLE IF EXISTS "analytics_service"."zone_period_counts";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."zone_periods";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."rollup_zones";
