-- Reverts 0001: drops posts, their edit history, comments, the outbox and the processed-events ledger (data included).
DROP TABLE IF EXISTS "content_service"."comments";
--> statement-breakpoint
DROP TABLE IF EXISTS "content_service"."post_edits";
--> statement-breakpoint
DROP TABLE IF EXISTS "content_service"."posts";
--> statement-breakpoint
DROP TABLE IF EXISTS "content_service"."processed_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "content_service"."outbox";
