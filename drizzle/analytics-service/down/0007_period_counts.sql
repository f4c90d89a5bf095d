-- Reverts 0007: drops the span answers cache (it refills as it is read).
DROP TABLE IF EXISTS "analytics_service"."period_counts";
