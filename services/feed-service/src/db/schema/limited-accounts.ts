import { timestamp, uuid } from "drizzle-orm/pg-core";
import { feedSchema } from "./feed-schema.ts";

/**
 * Accounts under trust-safety's `limit` (EnforcementChanged): out of explore and for-you's trending
 * source for non-followers. In PostgreSQL, not the cache: losing it would quietly lift every limit.
 */
export const limitedAccounts = feedSchema.table("limited_accounts", {
  accountId: uuid().primaryKey(),
  limitedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
