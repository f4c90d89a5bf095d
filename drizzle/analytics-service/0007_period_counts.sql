CREATE TABLE "analytics_service"."period_counts" (
	"key" text PRIMARY KEY NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "period_counts_end_idx" ON "analytics_service"."period_counts" USING btree ("period_end");