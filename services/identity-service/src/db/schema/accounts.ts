import { sql } from "drizzle-orm";
import { integer, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { identitySchema, tz } from "./identity-schema.ts";

/**
 * One row per account. The id is the `sub` of its tokens and the id of its profile in
 * user-service. Deleted accounts keep their row (status "deleted", personal data erased) so
 * the id is never reused and tokens naming it are refused.
 */
export const accounts = identitySchema.table(
  "accounts",
  {
    id: uuid().primaryKey(),
    /** Normalised (trimmed, lower case); null once the account is deleted. */
    email: text(),
    emailVerifiedAt: timestamp(tz),
    /** As typed at registration; `usernameKey` (canonical) is what must be unique. */
    username: text(),
    usernameKey: text(),
    /** argon2id PHC string; null for accounts created through OAuth only. */
    passwordHash: text(),
    passwordChangedAt: timestamp(tz),
    status: text({ enum: ["active", "deleted"] })
      .notNull()
      .default("active"),
    failedLoginCount: integer().notNull().default(0),
    lockedUntil: timestamp(tz),
    /** Base32 TOTP secret; set at enrolment, live once `totpEnabledAt` is set. */
    totpSecret: text(),
    totpEnabledAt: timestamp(tz),
    /** Last 30-second step a code was accepted in: a code is never accepted twice. */
    totpLastStep: integer(),
    createdAt: timestamp(tz).notNull().defaultNow(),
    updatedAt: timestamp(tz).notNull().defaultNow(),
    deletedAt: timestamp(tz),
  },
  (t) => [
    // Partial: deleted accounts free their email and username for someone else.
    uniqueIndex("accounts_email_idx").on(t.email).where(sql`${t.email} is not null`),
    uniqueIndex("accounts_username_key_idx").on(t.usernameKey).where(sql`${t.usernameKey} is not null`),
  ],
);

export type AccountRow = typeof accounts.$inferSelect;
