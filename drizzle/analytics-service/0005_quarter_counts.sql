CREATE TABLE "analytics_service"."metric_quarters" (
	"quarter" timestamp with time zone NOT NULL,
	"name" text NOT NULL,
	"surface" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "metric_quarters_quarter_name_surface_pk" PRIMARY KEY("quarter","name","surface")
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."subject_quarters" (
	"subject_id" text NOT NULL,
	"name" text NOT NULL,
	"quarter" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "subject_quarters_subject_id_name_quarter_pk" PRIMARY KEY("subject_id","name","quarter")
);
--> statement-breakpoint
-- Backfills from the events already stored (the hourly tables cannot be split into quarters).
INSERT INTO "analytics_service"."metric_quarters" ("quarter", "name", "surface", "count")
SELECT date_bin('15 minutes', occurred_at, '2000-01-01T00:00:00Z'), name, coalesce(surface, ''), count(*)
FROM "analytics_service"."events" GROUP BY 1, 2, 3;
--> statement-breakpoint
-- Post numbers only for posts whose author is known: an erased author's posts stay gone even though
-- other accounts' likes of them are those accounts' own events and stay.
INSERT INTO "analytics_service"."subject_quarters" ("subject_id", "name", "quarter", "count")
SELECT s.subject_id, s.name, s.quarter, count(*) FROM (
  SELECT CASE WHEN e.name IN ('post_impression', 'post_open', 'like', 'comment', 'repost') THEN e.post_id
              WHEN e.name IN ('follow', 'unfollow') THEN e.target_account_id END AS subject_id,
         e.name, date_bin('15 minutes', e.occurred_at, '2000-01-01T00:00:00Z') AS quarter
  FROM "analytics_service"."events" e
  WHERE (e.name IN ('follow', 'unfollow') AND e.target_account_id IS NOT NULL)
     OR (e.name IN ('post_impression', 'post_open', 'like', 'comment', 'repost')
         AND e.post_id IN (SELECT post_id FROM "analytics_service"."author_posts"))
) s GROUP BY 1, 2, 3;
