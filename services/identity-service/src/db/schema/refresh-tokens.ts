import { index, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { identitySchema, tz } from "./identity-schema.ts";
import { sessions } from "./sessions.ts";

/**
 * Opaque refresh tokens, stored as SHA-256 of the token (a leaked table grants nothing). Each
 * refresh marks the presented token used and issues its successor in the same session (the
 * family); presenting a used token again means it was stolen, and the whole session is revoked.
 */
export const refreshTokens = identitySchema.table(
  "refresh_tokens",
  {
    id: uuid().primaryKey(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    createdAt: timestamp(tz).notNull().defaultNow(),
    expiresAt: timestamp(tz).notNull(),
    usedAt: timestamp(tz),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_idx").on(t.tokenHash),
    index("refresh_tokens_session_idx").on(t.sessionId),
  ],
);

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
