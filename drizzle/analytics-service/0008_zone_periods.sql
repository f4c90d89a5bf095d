CREATE TABLE "analytics_service"."rollup_zones" (
	"zone" text PRIMARY KEY NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."zone_period_counts" (
	"zone" text NOT NULL,
	"unit" text NOT NULL,
	"period" date NOT NULL,
	"accounts" integer NOT NULL,
	CONSTRAINT "zone_period_counts_zone_unit_period_pk" PRIMARY KEY("zone","unit","period")
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."zone_periods" (
	"zone" text NOT NULL,
	"unit" text NOT NULL,
	"period" date NOT NULL,
	"account_id" text NOT NULL,
	CONSTRAINT "zone_periods_zone_unit_period_account_id_pk" PRIMARY KEY("zone","unit","period","account_id")
);
--> statement-breakpoint
CREATE INDEX "zone_periods_account_idx" ON "analytics_service"."zone_periods" USING btree ("account_id","zone","unit","period");--> statement-breakpoint
-- UTC is always a rollup zone; its periods are exactly the UTC spans' (0004) periods.
INSERT INTO "analytics_service"."rollup_zones" ("zone") VALUES ('UTC') ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "analytics_service"."zone_periods" ("zone", "unit", "period", "account_id")
SELECT 'UTC', "unit", "period", "account_id" FROM "analytics_service"."account_spans"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "analytics_service"."zone_period_counts" ("zone", "unit", "period", "accounts")
SELECT "zone", "unit", "period", count(*) FROM "analytics_service"."zone_periods" GROUP BY 1, 2, 3;
