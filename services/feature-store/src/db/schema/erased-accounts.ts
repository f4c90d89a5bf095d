import { text, timestamp } from "drizzle-orm/pg-core";
import { featureStoreSchema } from "./feature-store-schema.ts";

/**
 * Accounts erased after identity's AccountDeleted. Events about such an account keep arriving after
 * the erasure (social's LikeDeleted and content's PostDeleted for the account's own data, late
 * events, a backfill replaying history): materialisation drops every change to an entity about an
 * erased account, so its features are never rebuilt. Holds ids only, no personal data.
 */
export const erasedAccounts = featureStoreSchema.table("erased_accounts", {
  accountId: text().primaryKey(),
  erasedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
