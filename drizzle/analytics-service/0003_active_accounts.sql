CREATE TABLE "analytics_service"."active_accounts" (
	"account_id" text PRIMARY KEY NOT NULL,
	"first_hour" timestamp with time zone NOT NULL,
	"last_hour" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "active_accounts_first_idx" ON "analytics_service"."active_accounts" USING btree ("first_hour");--> statement-breakpoint
CREATE INDEX "active_accounts_last_idx" ON "analytics_service"."active_accounts" USING btree ("last_hour");--> statement-breakpoint
-- Backfill from the hourly rollup already stored.
INSERT INTO "analytics_service"."active_accounts" ("account_id", "first_hour", "last_hour")
SELECT account_id, min(hour), max(hour) FROM "analytics_service"."active_hours" GROUP BY account_id;
