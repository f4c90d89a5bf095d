-- Reverts 0002: drops the day-window rollup (rebuilt from active_hours when 0002 is applied again).
DROP TABLE IF EXISTS "analytics_service"."active_windows";
