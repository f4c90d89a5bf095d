import { boolean, timestamp, uuid } from "drizzle-orm/pg-core";
import { graphSchema } from "./graph-schema.ts";

/**
 * graph-service's copy of each account's private flag, kept from user-service's profile events, so
 * a follow decides "follow or request" without a synchronous call to user-service (and keeps
 * working while it is down). `erased` marks deleted accounts: following them is a 404.
 */
export const accountPrivacy = graphSchema.table("account_privacy", {
  accountId: uuid().primaryKey(),
  privateAccount: boolean().notNull().default(false),
  erased: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type AccountPrivacyRow = typeof accountPrivacy.$inferSelect;
