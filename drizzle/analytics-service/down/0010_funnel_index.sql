-- Reverts 0010: drops the funnel's (name, actor, occurred_at) index.
DROP INDEX IF EXISTS "analytics_service"."events_funnel_idx";
