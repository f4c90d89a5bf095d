import { text, timestamp, uuid } from "drizzle-orm/pg-core";
import { trustSafetySchema, tz } from "./ts-schema.ts";

/**
 * Images admins blocked, by 64-bit difference hash (16 lowercase hex digits): an upload whose hash
 * is within TS_MEDIA_HASH_MAX_DISTANCE bits of one is refused (`blocked_media`). The hash, not the
 * image, is kept: nothing here can be turned back into the picture.
 */
export const mediaHashBlocklist = trustSafetySchema.table("media_hash_blocklist", {
  id: uuid().primaryKey(),
  hash: text().notNull().unique(),
  reason: text().notNull(),
  addedBy: uuid().notNull(),
  createdAt: timestamp(tz).notNull().defaultNow(),
});
export type BlockedHashRow = typeof mediaHashBlocklist.$inferSelect;
