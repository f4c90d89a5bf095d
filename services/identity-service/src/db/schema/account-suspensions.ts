import { index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { identitySchema, tz } from "./identity-schema.ts";

/**
 * Suspensions and bans in force, as trust-safety-service announced them (EnforcementChanged on an
 * account). One row per action; lifting the action deletes it. While a row is live (no expiry or
 * expiry ahead) the account cannot log in or refresh, and its earlier tokens are revoked.
 */
export const accountSuspensions = identitySchema.table(
  "account_suspensions",
  {
    actionId: uuid().primaryKey(),
    accountId: uuid().notNull(),
    /** "suspend" | "ban" */
    action: text().notNull(),
    reason: text().notNull(),
    expiresAt: timestamp(tz),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [index("account_suspensions_account_idx").on(t.accountId)],
);
export type AccountSuspensionRow = typeof accountSuspensions.$inferSelect;
