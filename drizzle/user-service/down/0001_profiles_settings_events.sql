-- Reverts 0001: drops the profile, settings, outbox and processed-events tables (data included).
DROP TABLE IF EXISTS "user_service"."settings";
--> statement-breakpoint
DROP TABLE IF EXISTS "user_service"."profiles";
--> statement-breakpoint
DROP TABLE IF EXISTS "user_service"."processed_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "user_service"."outbox";
