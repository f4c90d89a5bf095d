-- Reverts 0001: drops the engagement tables (likes, reposts, bookmarks, counters, the comment and
-- quote projections), the outbox and the processed-events ledger, data included.
DROP TABLE IF EXISTS "social_service"."likes";
--> statement-breakpoint
DROP TABLE IF EXISTS "social_service"."reposts";
--> statement-breakpoint
DROP TABLE IF EXISTS "social_service"."bookmarks";
--> statement-breakpoint
DROP TABLE IF EXISTS "social_service"."post_counters";
--> statement-breakpoint
DROP TABLE IF EXISTS "social_service"."comments";
--> statement-breakpoint
DROP TABLE IF EXISTS "social_service"."quotes";
--> statement-breakpoint
DROP TABLE IF EXISTS "social_service"."processed_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "social_service"."outbox";
