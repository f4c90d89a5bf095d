-- Reverts 0002: drops the digest ledger (the next digest of every account covers its last week).
DROP TABLE IF EXISTS "notification_service"."digests";
