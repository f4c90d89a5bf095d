-- Reverts 0001: drops the edge tables, the private-flag copy, the outbox and the processed-events ledger (data included).
DROP TABLE IF EXISTS "graph_service"."follows";
--> statement-breakpoint
DROP TABLE IF EXISTS "graph_service"."follow_requests";
--> statement-breakpoint
DROP TABLE IF EXISTS "graph_service"."blocks";
--> statement-breakpoint
DROP TABLE IF EXISTS "graph_service"."mutes";
--> statement-breakpoint
DROP TABLE IF EXISTS "graph_service"."account_privacy";
--> statement-breakpoint
DROP TABLE IF EXISTS "graph_service"."processed_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "graph_service"."outbox";
