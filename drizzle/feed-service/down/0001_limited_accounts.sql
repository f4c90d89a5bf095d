-- Reverts 0001: drops the limited accounts (re-applied only by replaying trust-safety's events).
DROP TABLE IF EXISTS "feed_service"."limited_accounts";
