import { jsonb, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Preferences } from "../../domain/preferences-shape.ts";
import { notificationSchema } from "./notification-schema.ts";

/** An account's notification preferences (absent: the defaults of preferences-shape.ts). */
export const preferences = notificationSchema.table("preferences", {
  accountId: uuid().primaryKey(),
  settings: jsonb().$type<Preferences>().notNull(),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});
