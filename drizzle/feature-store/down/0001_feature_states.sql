-- Reverts 0001: drops entity states, the embedded offline store and the processed-events ledger (data included).
DROP TABLE IF EXISTS "feature_store"."offline_snapshots";
--> statement-breakpoint
DROP TABLE IF EXISTS "feature_store"."entity_states";
--> statement-breakpoint
DROP TABLE IF EXISTS "feature_store"."processed_events";
