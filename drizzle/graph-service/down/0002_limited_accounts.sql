-- Reverts 0002: drops the limited accounts (trust-safety limits are re-applied only by replaying its events).
DROP TABLE IF EXISTS "graph_service"."limited_accounts";
