import { timestamp, uuid } from "drizzle-orm/pg-core";
import { graphSchema } from "./graph-schema.ts";

/**
 * Accounts under trust-safety's `limit` (from EnforcementChanged): left out of who-to-follow
 * suggestions, which by definition go to accounts that do not follow them. Lifting deletes the row.
 */
export const limitedAccounts = graphSchema.table("limited_accounts", {
  accountId: uuid().primaryKey(),
  limitedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
