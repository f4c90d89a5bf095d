-- Reverts 0002: drops the media hash blocklist, its entries included.
DROP TABLE IF EXISTS "trust_safety_service"."media_hash_blocklist";
