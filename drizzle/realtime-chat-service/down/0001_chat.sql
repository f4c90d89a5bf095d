-- Reverts 0001: drops the key directory, conversations, members, messages, envelopes, the outbox
-- and the processed-events ledger, data included.
DROP TABLE IF EXISTS "realtime_chat_service"."envelopes";
--> statement-breakpoint
DROP TABLE IF EXISTS "realtime_chat_service"."messages";
--> statement-breakpoint
DROP TABLE IF EXISTS "realtime_chat_service"."members";
--> statement-breakpoint
DROP TABLE IF EXISTS "realtime_chat_service"."conversations";
--> statement-breakpoint
DROP TABLE IF EXISTS "realtime_chat_service"."one_time_prekeys";
--> statement-breakpoint
DROP TABLE IF EXISTS "realtime_chat_service"."devices";
--> statement-breakpoint
DROP TABLE IF EXISTS "realtime_chat_service"."processed_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "realtime_chat_service"."outbox";
