import { sql } from "drizzle-orm";
import { index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contentSchema } from "./content-schema.ts";
import { posts } from "./posts.ts";

const tz = { withTimezone: true, mode: "date" } as const;

/** Earlier versions of an edited post (the version replaced at `replacedAt`); erased with the post. */
export const postEdits = contentSchema.table(
  "post_edits",
  {
    id: uuid().primaryKey(),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    text: text().notNull(),
    mediaIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    contentWarning: text(),
    replacedAt: timestamp(tz).notNull(),
  },
  (t) => [index("post_edits_post_idx").on(t.postId, t.replacedAt)],
);

export type PostEditRow = typeof postEdits.$inferSelect;
