CREATE TABLE "identity_service"."staff_roles" (
	"account_id" uuid NOT NULL,
	"role" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"granted_by" text NOT NULL,
	CONSTRAINT "staff_roles_account_id_role_pk" PRIMARY KEY("account_id","role"),
	CONSTRAINT "staff_roles_role_check" CHECK ("identity_service"."staff_roles"."role" in ('admin', 'moderator', 'analyst'))
);
--> statement-breakpoint
ALTER TABLE "identity_service"."staff_roles" ADD CONSTRAINT "staff_roles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "identity_service"."accounts"("id") ON DELETE cascade ON UPDATE no action;