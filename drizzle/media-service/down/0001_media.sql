-- Reverts 0001: drops media, upload sessions, the outbox and the processed-events ledger, data
-- included (the stored files are not touched: delete the bucket prefix media/ separately).
DROP TABLE IF EXISTS "media_service"."media";
--> statement-breakpoint
DROP TABLE IF EXISTS "media_service"."upload_sessions";
--> statement-breakpoint
DROP TABLE IF EXISTS "media_service"."processed_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "media_service"."outbox";
