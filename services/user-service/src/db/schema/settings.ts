import { boolean, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { profiles } from "./profiles.ts";
import { userSchema } from "./user-schema.ts";

/** Who may message or mention an account. */
export const AUDIENCES = ["everyone", "following", "nobody"] as const;
export type Audience = (typeof AUDIENCES)[number];

const tz = { withTimezone: true, mode: "date" } as const;

/** Settings and privacy of one profile; erased with it (cascade). */
export const settings = userSchema.table("settings", {
  profileId: uuid()
    .primaryKey()
    .references(() => profiles.id, { onDelete: "cascade" }),
  /** Others must send a follow request (graph-service reads this through the batch RPCs). */
  privateAccount: boolean().notNull().default(false),
  whoCanMessage: text({ enum: AUDIENCES }).notNull().default("everyone"),
  whoCanMention: text({ enum: AUDIENCES }).notNull().default("everyone"),
  discoverableByEmail: boolean().notNull().default(false),
  /** BCP 47 tag, canonicalised. */
  language: text().notNull().default("en"),
  updatedAt: timestamp(tz).notNull().defaultNow(),
});

export type SettingsRow = typeof settings.$inferSelect;
