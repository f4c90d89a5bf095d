-- Kept funnels (ANALYTICS_FUNNELS): per funnel, zone and local start day, the actors reaching each
-- level as bitsets over a dense actor number. Empty here; a store configured with a funnel lists it
-- in funnel_rollups and backfills it from the events (under the rollups' lock), as rollup zones are.
CREATE TABLE "analytics_service"."funnel_actors" (
	"actor" text PRIMARY KEY NOT NULL,
	"actor_no" integer NOT NULL,
	CONSTRAINT "funnel_actors_actor_no_unique" UNIQUE("actor_no")
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."funnel_day_bits" (
	"funnel" text NOT NULL,
	"zone" text NOT NULL,
	"day" date NOT NULL,
	"cut" smallint NOT NULL,
	"level" smallint NOT NULL,
	"chunk" integer NOT NULL,
	"bits" bit(8192) NOT NULL,
	CONSTRAINT "funnel_day_bits_funnel_zone_day_cut_level_chunk_pk" PRIMARY KEY("funnel","zone","day","cut","level","chunk")
);
--> statement-breakpoint
CREATE TABLE "analytics_service"."funnel_rollups" (
	"funnel" text NOT NULL,
	"zone" text NOT NULL,
	"steps" text[] NOT NULL,
	"window_ms" bigint NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funnel_rollups_funnel_zone_pk" PRIMARY KEY("funnel","zone")
);
