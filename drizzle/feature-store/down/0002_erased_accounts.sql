-- Reverts 0002: drops the erased-accounts tombstones (erased features could then be rebuilt by a backfill).
DROP TABLE IF EXISTS "feature_store"."erased_accounts";
