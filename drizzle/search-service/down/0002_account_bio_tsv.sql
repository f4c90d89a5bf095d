-- Reverts 0002: people search computes bio tsvectors per row again.
DROP INDEX IF EXISTS "search_service"."accounts_bio_tsv_idx";
--> statement-breakpoint
ALTER TABLE "search_service"."accounts" DROP COLUMN IF EXISTS "bio_tsv";
