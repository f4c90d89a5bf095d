-- Reverts 0001: drops the moderation tables (cases, reports, actions, appeals, audit log, automated
-- decisions) and the outbox, data included.
DROP TABLE IF EXISTS "trust_safety_service"."actions";
--> statement-breakpoint
DROP TABLE IF EXISTS "trust_safety_service"."appeals";
--> statement-breakpoint
DROP TABLE IF EXISTS "trust_safety_service"."audit_log";
--> statement-breakpoint
DROP TABLE IF EXISTS "trust_safety_service"."cases";
--> statement-breakpoint
DROP TABLE IF EXISTS "trust_safety_service"."check_decisions";
--> statement-breakpoint
DROP TABLE IF EXISTS "trust_safety_service"."outbox";
--> statement-breakpoint
DROP TABLE IF EXISTS "trust_safety_service"."reports";
