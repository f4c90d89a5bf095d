CREATE TABLE "analytics_service"."account_cohorts" (
	"account_id" text PRIMARY KEY NOT NULL,
	"signed_up_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."account_spans" (
	"unit" text NOT NULL,
	"period" date NOT NULL,
	"account_id" text NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "account_spans_unit_period_account_id_pk" PRIMARY KEY("unit","period","account_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."author_posts" (
	"author_id" text NOT NULL,
	"post_id" text NOT NULL,
	CONSTRAINT "author_posts_author_id_post_id_pk" PRIMARY KEY("author_id","post_id")
);
--> statement-breakpoint
CREATE INDEX "account_cohorts_signed_up_idx" ON "analytics_service"."account_cohorts" USING btree ("signed_up_at");--> statement-breakpoint
CREATE INDEX "account_spans_account_idx" ON "analytics_service"."account_spans" USING btree ("account_id");--> statement-breakpoint
-- Backfills from the events already stored (the same rows the upkeep on insert writes).
INSERT INTO "analytics_service"."account_spans" ("unit", "period", "account_id", "first_at", "last_at")
SELECT u.unit, date_trunc(u.unit, e.occurred_at AT TIME ZONE 'UTC')::date, e.account_id, min(e.occurred_at), max(e.occurred_at)
FROM "analytics_service"."events" e CROSS JOIN (VALUES ('day'), ('week'), ('month')) u(unit)
WHERE e.account_id IS NOT NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "analytics_service"."account_cohorts" ("account_id", "signed_up_at")
SELECT account_id, min(occurred_at) FROM "analytics_service"."events"
WHERE name = 'signup' AND account_id IS NOT NULL GROUP BY 1;
--> statement-breakpoint
INSERT INTO "analytics_service"."author_posts" ("author_id", "post_id")
SELECT DISTINCT account_id, post_id FROM "analytics_service"."events"
WHERE name = 'post' AND account_id IS NOT NULL AND post_id IS NOT NULL;
