CREATE TABLE "feed_service"."limited_accounts" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"limited_at" timestamp with time zone DEFAULT now() NOT NULL
);
