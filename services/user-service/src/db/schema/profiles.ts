import { sql } from "drizzle-orm";
import { date, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userSchema } from "./user-schema.ts";

/** Who may see a profile's birthday. */
export const BIRTHDAY_VISIBILITIES = ["only_me", "followers", "public"] as const;
export type BirthdayVisibility = (typeof BIRTHDAY_VISIBILITIES)[number];

/** One link shown on a profile (label optional). */
export interface ProfileLink {
  url: string;
  label?: string;
}

const tz = { withTimezone: true, mode: "date" } as const;

/**
 * One profile per account; the profile id *is* the account id (identity's `sub`), so other services
 * never need a mapping table.
 */
export const profiles = userSchema.table(
  "profiles",
  {
    id: uuid().primaryKey(),
    /** Canonical (lower-case) form from @nova/usernames, so uniqueness is case-insensitive. */
    username: text().notNull(),
    displayName: text().notNull().default(""),
    bio: text().notNull().default(""),
    avatarMediaId: uuid(),
    bannerMediaId: uuid(),
    links: jsonb().$type<ProfileLink[]>().notNull().default(sql`'[]'::jsonb`),
    location: text().notNull().default(""),
    pronouns: text().notNull().default(""),
    birthday: date({ mode: "string" }),
    birthdayVisibility: text({ enum: BIRTHDAY_VISIBILITIES }).notNull().default("only_me"),
    createdAt: timestamp(tz).notNull().defaultNow(),
    updatedAt: timestamp(tz).notNull().defaultNow(),
    usernameChangedAt: timestamp(tz),
  },
  (t) => [uniqueIndex("profiles_username_idx").on(t.username)],
);

export type ProfileRow = typeof profiles.$inferSelect;
