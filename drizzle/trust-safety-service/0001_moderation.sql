CREATE TABLE "trust_safety_service"."outbox" (
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "trust_safety_service"."outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"traceparent" text,
	"envelope" "bytea" NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claim_token" uuid,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_position_unique" UNIQUE("position")
);
--> statement-breakpoint
CREATE TABLE "trust_safety_service"."actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"moderator_id" uuid NOT NULL,
	"action" text NOT NULL,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"subject_account_id" uuid,
	"notify_user" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp with time zone,
	"lifted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust_safety_service"."appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"action_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"statement" text NOT NULL,
	"case_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust_safety_service"."audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"verb" text NOT NULL,
	"case_id" uuid,
	"action_id" uuid,
	"subject_type" text,
	"subject_id" text,
	"reason" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust_safety_service"."cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"subject_account_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"base_severity" integer DEFAULT 0 NOT NULL,
	"detail" jsonb,
	"assignee_id" uuid,
	"appeal_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_action_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "trust_safety_service"."check_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"decision" text NOT NULL,
	"reason_code" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"labels" text[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust_safety_service"."reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reporter_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"reason" text NOT NULL,
	"comment" text,
	"message_copy" text,
	"case_id" uuid NOT NULL,
	"severity" integer NOT NULL,
	"reporter_trust" real NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "trust_safety_service"."outbox" USING btree ("position") WHERE "trust_safety_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_pending_aggregate_idx" ON "trust_safety_service"."outbox" USING btree ("aggregate_id","position") WHERE "trust_safety_service"."outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_occurred_at_idx" ON "trust_safety_service"."outbox" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "actions_subject_idx" ON "trust_safety_service"."actions" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "actions_created_idx" ON "trust_safety_service"."actions" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_action_idx" ON "trust_safety_service"."appeals" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "trust_safety_service"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_open_subject_idx" ON "trust_safety_service"."cases" USING btree ("subject_type","subject_id") WHERE status = 'open' and kind <> 'appeal';--> statement-breakpoint
CREATE INDEX "cases_status_created_idx" ON "trust_safety_service"."cases" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "check_decisions_account_idx" ON "trust_safety_service"."check_decisions" USING btree ("account_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_reporter_subject_idx" ON "trust_safety_service"."reports" USING btree ("reporter_id","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "reports_case_idx" ON "trust_safety_service"."reports" USING btree ("case_id");