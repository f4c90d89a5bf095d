import { sql } from "drizzle-orm";
import { boolean, index, integer, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contentSchema } from "./content-schema.ts";

/** Who may see a post. */
export const VISIBILITIES = ["public", "followers", "mentioned"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Who may reply to (or comment on) a post. */
export const REPLY_POLICIES = ["everyone", "following", "mentioned"] as const;
export type ReplyPolicy = (typeof REPLY_POLICIES)[number];

/** draft: only the author sees it; scheduled: waits for `publish_at`; published: live. */
export const POST_STATUSES = ["draft", "scheduled", "published"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

const tz = { withTimezone: true, mode: "date" } as const;

/**
 * Posts in every state. Scheduled posts are the durable timer: the publisher polls
 * `status = 'scheduled' AND publish_at <= now()` with FOR UPDATE SKIP LOCKED, so each is published
 * exactly once by one replica, and a restart simply finds the due rows again.
 */
export const posts = contentSchema.table(
  "posts",
  {
    id: uuid().primaryKey(),
    authorId: uuid().notNull(),
    text: text().notNull(),
    mediaIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    replyToPostId: uuid(),
    quoteOfPostId: uuid(),
    visibility: text({ enum: VISIBILITIES }).notNull().default("public"),
    contentWarning: text(),
    /** Lower-cased, without '#', in order of first appearance. */
    hashtags: text().array().notNull().default(sql`'{}'::text[]`),
    /** The @mentions that resolved to an account. */
    mentionedUserIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    replyPolicy: text({ enum: REPLY_POLICIES }).notNull().default("everyone"),
    quotesAllowed: boolean().notNull().default(true),
    status: text({ enum: POST_STATUSES }).notNull(),
    /** When a scheduled post is due. */
    publishAt: timestamp(tz),
    publishedAt: timestamp(tz),
    editedAt: timestamp(tz),
    /** Set by moderation (hidePost); a hidden post is gone from every read path. */
    hiddenAt: timestamp(tz),
    hiddenReason: text(),
    /** The trust-safety action that hid it (null: hidden by an automated hold); lifting that action restores it. */
    hiddenByAction: uuid(),
    /** Labels from trust & safety (e.g. "spam", "nsfw"), returned with the post so clients can blur it. */
    moderationLabels: text().array().notNull().default(sql`'{}'::text[]`),
    /** Published while trust-safety could not be asked (fail mode): the re-check worker asks again. */
    moderationPending: boolean().notNull().default(false),
    commentCount: integer().notNull().default(0),
    createdAt: timestamp(tz).notNull().defaultNow(),
    updatedAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    // A user's timeline and ListPostsByAuthors: newest first per author, published only.
    index("posts_author_published_idx")
      .on(t.authorId, t.publishedAt.desc(), t.id.desc())
      .where(sql`status = 'published'`),
    // Hashtag pages: containment on the array (GIN), then ordered by time.
    index("posts_hashtags_idx").using("gin", t.hashtags),
    // The scheduled-post poller reads only due rows.
    index("posts_due_idx").on(t.publishAt).where(sql`status = 'scheduled'`),
    // The re-check worker reads only posts published without a trust-safety verdict.
    index("posts_moderation_pending_idx").on(t.createdAt).where(sql`moderation_pending`),
    // The author's own drafts and scheduled posts.
    index("posts_author_status_idx").on(t.authorId, t.status),
  ],
);

export type PostRow = typeof posts.$inferSelect;
