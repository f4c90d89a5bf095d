-- Reverts 0009: drops the retention cells of the rollup zones (0009 rebuilds them from the memberships).
DROP TABLE IF EXISTS "analytics_service"."zone_retention";
