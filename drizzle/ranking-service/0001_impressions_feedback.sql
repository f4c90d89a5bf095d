CREATE TABLE "ranking_service"."feedback" (
	"viewer_id" text NOT NULL,
	"post_id" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "feedback_viewer_id_post_id_kind_pk" PRIMARY KEY("viewer_id","post_id","kind")
);
--> statement-breakpoint
CREATE TABLE "ranking_service"."impressions" (
	"ranking_id" text NOT NULL,
	"post_id" text NOT NULL,
	"viewer_id" text NOT NULL,
	"author_id" text NOT NULL,
	"position" integer NOT NULL,
	"score" double precision NOT NULL,
	"model_version" text NOT NULL,
	"features" jsonb NOT NULL,
	"shown_at" timestamp with time zone NOT NULL,
	CONSTRAINT "impressions_ranking_id_post_id_pk" PRIMARY KEY("ranking_id","post_id")
);
--> statement-breakpoint
CREATE INDEX "impressions_shown_at_idx" ON "ranking_service"."impressions" USING btree ("shown_at");