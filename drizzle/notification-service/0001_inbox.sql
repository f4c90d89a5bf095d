CREATE TABLE "notification_service"."held_pushes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"message" jsonb NOT NULL,
	"release_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_service"."notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"recipient_id" uuid NOT NULL,
	"type" text NOT NULL,
	"group_key" text NOT NULL,
	"cause" text NOT NULL,
	"actor_id" uuid,
	"post_id" uuid,
	"comment_id" uuid,
	"related_post_id" uuid,
	"data" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_service"."preferences" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_service"."processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "notification_service"."push_devices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"token" text NOT NULL,
	"app_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_service"."push_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_service"."read_markers" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"read_up_to" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "held_pushes_release_idx" ON "notification_service"."held_pushes" USING btree ("release_at");--> statement-breakpoint
CREATE INDEX "held_pushes_account_idx" ON "notification_service"."held_pushes" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_cause_recipient_idx" ON "notification_service"."notifications" USING btree ("cause","recipient_id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_recent_idx" ON "notification_service"."notifications" USING btree ("recipient_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_group_idx" ON "notification_service"."notifications" USING btree ("recipient_id","group_key");--> statement-breakpoint
CREATE INDEX "notifications_actor_idx" ON "notification_service"."notifications" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "notifications_post_idx" ON "notification_service"."notifications" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "notifications_related_post_idx" ON "notification_service"."notifications" USING btree ("related_post_id");--> statement-breakpoint
CREATE INDEX "notifications_comment_idx" ON "notification_service"."notifications" USING btree ("comment_id");--> statement-breakpoint
CREATE INDEX "notifications_created_idx" ON "notification_service"."notifications" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "notification_service"."processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "push_devices_token_idx" ON "notification_service"."push_devices" USING btree ("platform","token");--> statement-breakpoint
CREATE INDEX "push_devices_account_idx" ON "notification_service"."push_devices" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "push_subscriptions_endpoint_idx" ON "notification_service"."push_subscriptions" USING btree ("endpoint");--> statement-breakpoint
CREATE INDEX "push_subscriptions_account_idx" ON "notification_service"."push_subscriptions" USING btree ("account_id");