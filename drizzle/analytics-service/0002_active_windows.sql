CREATE TABLE "analytics_service"."active_windows" (
	"start_hour" timestamp with time zone NOT NULL,
	"hours" smallint NOT NULL,
	"accounts" integer NOT NULL,
	CONSTRAINT "active_windows_hours_start_hour_pk" PRIMARY KEY("hours","start_hour")
);
--> statement-breakpoint
-- Backfill from the hourly rollup already stored. Per account and window length, the window starts
-- that contain one of its active hours form runs [max(hour - len + 1, previous hour + 1), hour]:
-- +1 at a run's start and -1 after its end, summed along the hours, is the count per start hour.
INSERT INTO "analytics_service"."active_windows" ("start_hour", "hours", "accounts")
WITH x AS (
  SELECT h.account_id, h.hour, l.len,
         lag(h.hour) OVER (PARTITION BY h.account_id, l.len ORDER BY h.hour) AS prev
  FROM "analytics_service"."active_hours" h CROSS JOIN (VALUES (23), (24), (25)) l(len)
), edges AS (
  SELECT len, greatest(hour - (len - 1) * interval '1 hour', coalesce(prev + interval '1 hour', '-infinity'::timestamptz)) AS at, 1 AS d FROM x
  UNION ALL
  SELECT len, hour + interval '1 hour', -1 FROM x
), points AS (
  SELECT len, at, sum(d) AS d FROM edges GROUP BY len, at
), bounds AS (
  SELECT min(at) AS lo, max(at) AS hi FROM points
), dense AS (
  SELECT l.len, s.at FROM bounds CROSS JOIN (VALUES (23), (24), (25)) l(len)
  CROSS JOIN LATERAL generate_series(bounds.lo, bounds.hi, interval '1 hour') s(at)
)
SELECT at, len, accounts FROM (
  SELECT dense.at, dense.len,
         (sum(coalesce(points.d, 0)) OVER (PARTITION BY dense.len ORDER BY dense.at))::integer AS accounts
  FROM dense LEFT JOIN points ON points.len = dense.len AND points.at = dense.at
) t WHERE accounts > 0;
