CREATE TABLE "notification_service"."digests" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL
);
