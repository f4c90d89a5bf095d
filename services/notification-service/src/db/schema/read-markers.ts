import { timestamp, uuid } from "drizzle-orm/pg-core";
import { notificationSchema } from "./notification-schema.ts";

/** Each account's read marker: every item whose latest activity is at or before it is read. */
export const readMarkers = notificationSchema.table("read_markers", {
  accountId: uuid().primaryKey(),
  readUpTo: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});
