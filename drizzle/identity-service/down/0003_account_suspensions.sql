-- Reverts 0003_account_suspensions: suspensions in force and the processed-events ledger of trust-safety events.
DROP TABLE IF EXISTS "identity_service"."account_suspensions";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."processed_events";
