import { sql } from "drizzle-orm";
import { check, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { identitySchema, tz } from "./identity-schema.ts";

/**
 * Staff roles held per account (`admin`, `moderator`, `analyst`), granted and revoked with
 * `bun run staff:grant` / `staff:revoke`. Every access token carries its account's roles as issued.
 */
export const staffRoles = identitySchema.table(
  "staff_roles",
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: text().notNull(),
    grantedAt: timestamp(tz).notNull().defaultNow(),
    /** Who granted it: "cli:<operating-system user>" for the CLI. */
    grantedBy: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.role] }),
    check("staff_roles_role_check", sql`${t.role} in ('admin', 'moderator', 'analyst')`),
  ],
);

export type StaffRoleRow = typeof staffRoles.$inferSelect;
