-- Reverts 0003: drops the first/last-active rollup (rebuilt from active_hours when 0003 is applied again).
DROP TABLE IF EXISTS "analytics_service"."active_accounts";
