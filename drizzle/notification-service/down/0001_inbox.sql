-- Reverts 0001: drops the inbox, read markers, preferences, push targets, held pushes and the
-- processed-events ledger, data included.
DROP TABLE IF EXISTS "notification_service"."held_pushes";
--> statement-breakpoint
DROP TABLE IF EXISTS "notification_service"."notifications";
--> statement-breakpoint
DROP TABLE IF EXISTS "notification_service"."preferences";
--> statement-breakpoint
DROP TABLE IF EXISTS "notification_service"."processed_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "notification_service"."push_devices";
--> statement-breakpoint
DROP TABLE IF EXISTS "notification_service"."push_subscriptions";
--> statement-breakpoint
DROP TABLE IF EXISTS "notification_service"."read_markers";
