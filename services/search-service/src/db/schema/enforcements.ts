import { boolean, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tz } from "./column-types.ts";
import { searchSchema } from "./search-schema.ts";

/**
 * Moderation in force per subject and action (trust-safety's hide/remove/limit/suspend/ban, and
 * content's own PostHidden as a "hide"). Kept apart from the rows they affect so a document or
 * account indexed after its action (events of two topics race) is indexed already hidden, and so
 * lifting an action restores what it hid.
 */
export const enforcements = searchSchema.table(
  "enforcements",
  {
    subjectId: uuid().notNull(),
    action: text().notNull(),
    subjectType: text().notNull(),
    active: boolean().notNull(),
    updatedAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.action] })],
);
