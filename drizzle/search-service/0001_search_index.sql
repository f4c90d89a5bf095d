-- pg_trgm: typo tolerance and prefix/infix matching (the gin_trgm_ops indexes below; PGlite loads it in @nova/db).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "search_service"."accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"avatar_media_id" text DEFAULT '' NOT NULL,
	"private" boolean DEFAULT false NOT NULL,
	"limited" boolean DEFAULT false NOT NULL,
	"suspended" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_service"."documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"post_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"scope_author_id" uuid NOT NULL,
	"scope_visibility" smallint NOT NULL,
	"scope_mentions" uuid[] DEFAULT '{}' NOT NULL,
	"text" text NOT NULL,
	"hashtags" text[] DEFAULT '{}' NOT NULL,
	"mentions" uuid[] DEFAULT '{}' NOT NULL,
	"language" "regconfig" DEFAULT 'english'::regconfig NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"likes" integer DEFAULT 0 NOT NULL,
	"comments" integer DEFAULT 0 NOT NULL,
	"reposts" integer DEFAULT 0 NOT NULL,
	"moderated" boolean DEFAULT false NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(language, text), 'A') || setweight(to_tsvector('simple'::regconfig, text), 'B')) STORED
);
--> statement-breakpoint
CREATE TABLE "search_service"."enforcements" (
	"subject_id" uuid NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"active" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enforcements_subject_id_action_pk" PRIMARY KEY("subject_id","action")
);
--> statement-breakpoint
CREATE TABLE "search_service"."hashtag_uses" (
	"document_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"account_id" uuid NOT NULL,
	"used_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hashtag_uses_document_id_tag_pk" PRIMARY KEY("document_id","tag")
);
--> statement-breakpoint
CREATE TABLE "search_service"."hashtags" (
	"tag" text PRIMARY KEY NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_service"."lexicon" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_service"."processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "search_service"."recent_searches" (
	"account_id" uuid NOT NULL,
	"query" text NOT NULL,
	"searched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recent_searches_account_id_query_pk" PRIMARY KEY("account_id","query")
);
--> statement-breakpoint
CREATE INDEX "accounts_username_prefix_idx" ON "search_service"."accounts" USING btree ("username" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "accounts_username_trgm_idx" ON "search_service"."accounts" USING gin ("username" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "accounts_display_name_trgm_idx" ON "search_service"."accounts" USING gin (lower("display_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "documents_tsv_idx" ON "search_service"."documents" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "documents_author_idx" ON "search_service"."documents" USING btree ("author_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "documents_scope_author_idx" ON "search_service"."documents" USING btree ("scope_author_id");--> statement-breakpoint
CREATE INDEX "documents_post_idx" ON "search_service"."documents" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "documents_hashtags_idx" ON "search_service"."documents" USING gin ("hashtags");--> statement-breakpoint
CREATE INDEX "documents_latest_idx" ON "search_service"."documents" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hashtag_uses_recent_idx" ON "search_service"."hashtag_uses" USING btree ("used_at","tag","account_id");--> statement-breakpoint
CREATE INDEX "hashtags_tag_prefix_idx" ON "search_service"."hashtags" USING btree ("tag" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "hashtags_tag_trgm_idx" ON "search_service"."hashtags" USING gin ("tag" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "lexicon_word_trgm_idx" ON "search_service"."lexicon" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "search_service"."processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE INDEX "recent_searches_account_idx" ON "search_service"."recent_searches" USING btree ("account_id","searched_at" DESC NULLS LAST);