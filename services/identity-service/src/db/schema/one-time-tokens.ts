import { index, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { identitySchema, tz } from "./identity-schema.ts";

export const ONE_TIME_TOKEN_PURPOSES = ["verify_email", "reset_password", "login_challenge"] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/**
 * Single-use secrets sent by mail (email verification, password reset) or handed out between
 * the two steps of a two-factor login. Stored hashed; `usedAt` makes them single-use.
 */
export const oneTimeTokens = identitySchema.table(
  "one_time_tokens",
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    purpose: text({ enum: ONE_TIME_TOKEN_PURPOSES }).notNull(),
    tokenHash: text().notNull(),
    /** For verify_email: the address being verified (the account's email may change later). */
    email: text(),
    createdAt: timestamp(tz).notNull().defaultNow(),
    expiresAt: timestamp(tz).notNull(),
    usedAt: timestamp(tz),
  },
  (t) => [
    uniqueIndex("one_time_tokens_hash_idx").on(t.tokenHash),
    index("one_time_tokens_account_idx").on(t.accountId, t.purpose),
  ],
);
