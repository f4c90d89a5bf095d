import { index, jsonb, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { identitySchema, tz } from "./identity-schema.ts";

/**
 * Security events (logins, failures, lockouts, password and 2FA changes, token reuse, …) for
 * support and incident review. No foreign key: the trail must outlive an account's deletion.
 */
export const auditLog = identitySchema.table(
  "audit_log",
  {
    id: uuid().primaryKey(),
    accountId: uuid(),
    event: text().notNull(),
    ip: text().notNull().default(""),
    userAgent: text().notNull().default(""),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_account_idx").on(t.accountId, t.createdAt),
    index("audit_log_created_at_idx").on(t.createdAt),
  ],
);
