CREATE TABLE "analytics_service"."zone_retention" (
	"zone" text NOT NULL,
	"cohort_week" date NOT NULL,
	"week" date NOT NULL,
	"accounts" integer NOT NULL,
	CONSTRAINT "zone_retention_zone_cohort_week_week_pk" PRIMARY KEY("zone","cohort_week","week")
);
--> statement-breakpoint
-- Backfill from the zones' week memberships and the cohorts (the same cells the upkeep keeps).
INSERT INTO "analytics_service"."zone_retention" ("zone", "cohort_week", "week", "accounts")
SELECT p."zone", date_trunc('week', c."signed_up_at" AT TIME ZONE p."zone")::date, p."period", count(*)
FROM "analytics_service"."zone_periods" p JOIN "analytics_service"."account_cohorts" c ON c."account_id" = p."account_id"
WHERE p."unit" = 'week' AND p."period" >= date_trunc('week', c."signed_up_at" AT TIME ZONE p."zone")::date
GROUP BY 1, 2, 3;
