import { index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { identitySchema, tz } from "./identity-schema.ts";

/**
 * A login on one device: the `sid` of its access tokens and the family of its refresh tokens.
 * Revoking it ends every refresh token of the family; its last access token expires on its own.
 */
export const sessions = identitySchema.table(
  "sessions",
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    deviceName: text().notNull().default(""),
    ip: text().notNull().default(""),
    userAgent: text().notNull().default(""),
    /** "password", "totp", "recovery_code", "oauth:<provider>". */
    method: text().notNull(),
    createdAt: timestamp(tz).notNull().defaultNow(),
    lastSeenAt: timestamp(tz).notNull().defaultNow(),
    revokedAt: timestamp(tz),
    /** "logout", "logout_everywhere", "password_change", "refresh_token_reuse", … */
    revokedReason: text(),
  },
  (t) => [index("sessions_account_idx").on(t.accountId, t.createdAt)],
);

export type SessionRow = typeof sessions.$inferSelect;
