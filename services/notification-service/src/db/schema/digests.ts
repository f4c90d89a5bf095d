import { timestamp, uuid } from "drizzle-orm/pg-core";
import { notificationSchema } from "./notification-schema.ts";

/** When each account was last sent an email digest (its next one covers only what came after). */
export const digests = notificationSchema.table("digests", {
  accountId: uuid().primaryKey(),
  lastSentAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});
