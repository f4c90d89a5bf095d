CREATE TABLE "trust_safety_service"."media_hash_blocklist" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"reason" text NOT NULL,
	"added_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_hash_blocklist_hash_unique" UNIQUE("hash")
);
