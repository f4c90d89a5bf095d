-- Reverts 0001: drops the search index tables (accounts, documents, lexicon, hashtags and their
-- uses, recent searches, enforcements) and the processed-events ledger, data included. pg_trgm
-- stays: other schemas may use it.
DROP TABLE IF EXISTS "search_service"."accounts";
--> statement-breakpoint
DROP TABLE IF EXISTS "search_service"."documents";
--> statement-breakpoint
DROP TABLE IF EXISTS "search_service"."enforcements";
--> statement-breakpoint
DROP TABLE IF EXISTS "search_service"."hashtag_uses";
--> statement-breakpoint
DROP TABLE IF EXISTS "search_service"."hashtags";
--> statement-breakpoint
DROP TABLE IF EXISTS "search_service"."lexicon";
--> statement-breakpoint
DROP TABLE IF EXISTS "search_service"."processed_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "search_service"."recent_searches";
