-- Reverts 0011: drops the kept funnels (the funnel then reads the events, as before).
DROP TABLE IF EXISTS "analytics_service"."funnel_day_bits";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."funnel_rollups";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_service"."funnel_actors";
