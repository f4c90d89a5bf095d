import { index, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { identitySchema, tz } from "./identity-schema.ts";

/** An external identity (Google, Apple) linked to an account: provider + the provider's `sub`. */
export const oauthIdentities = identitySchema.table(
  "oauth_identities",
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    provider: text().notNull(),
    subject: text().notNull(),
    email: text(),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("oauth_identities_provider_subject_idx").on(t.provider, t.subject),
    index("oauth_identities_account_idx").on(t.accountId),
  ],
);
