-- Reverts 0001_identity_core: every identity table (accounts, sessions, tokens, audit log, keys, outbox).
DROP TABLE IF EXISTS "identity_service"."outbox";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."signing_keys";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."audit_log";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."oauth_identities";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."recovery_codes";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."one_time_tokens";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."refresh_tokens";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."sessions";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity_service"."accounts";
