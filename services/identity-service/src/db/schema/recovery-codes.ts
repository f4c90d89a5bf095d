import { index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { identitySchema, tz } from "./identity-schema.ts";

/** Two-factor recovery codes (ten per enrolment), stored as SHA-256, each usable once. */
export const recoveryCodes = identitySchema.table(
  "recovery_codes",
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    createdAt: timestamp(tz).notNull().defaultNow(),
    usedAt: timestamp(tz),
  },
  (t) => [index("recovery_codes_account_idx").on(t.accountId)],
);
