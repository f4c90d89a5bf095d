-- Accounts erased after identity's AccountDeleted: materialisation drops changes to their entities.
CREATE TABLE "feature_store"."erased_accounts" (
	"account_id" text PRIMARY KEY NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL
);
