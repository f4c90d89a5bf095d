import type { Database } from "@nova/db";
import { and, arrayContains, asc, desc, eq, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { type PostEditRow, type PostRow, type PostStatus, postEdits, posts } from "./schema/index.ts";

/** A position in a newest-first list: strictly older than (publishedAt, id). */
export interface PostPosition {
  at: Date;
  id: string;
}

const live = and(eq(posts.status, "published"), isNull(posts.hiddenAt)) as SQL;

function olderThan(before: PostPosition | undefined): SQL | undefined {
  if (!before) return undefined;
  return or(lt(posts.publishedAt, before.at), and(eq(posts.publishedAt, before.at), lt(posts.id, before.id)));
}

export async function insertPost(db: Database, values: typeof posts.$inferInsert): Promise<PostRow> {
  const [row] = await db.insert(posts).values(values).returning();
  if (!row) throw new Error("insert into posts returned nothing");
  return row;
}

/** A post in any state (callers apply the visibility rules). */
export async function findPost(db: Database, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(posts).where(eq(posts.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row;
}

/** Published, not hidden posts by id (any order). */
export async function findLivePosts(db: Database, ids: readonly string[]): Promise<PostRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(posts)
    .where(and(live, inArray(posts.id, [...ids])));
}

/** Published, not hidden posts of some authors, newest first. */
export async function listLivePostsByAuthors(
  db: Database,
  opts: { authorIds: readonly string[]; includeReplies: boolean; before?: PostPosition; limit: number },
): Promise<PostRow[]> {
  if (opts.authorIds.length === 0) return [];
  return db
    .select()
    .from(posts)
    .where(
      and(
        live,
        inArray(posts.authorId, [...opts.authorIds]),
        opts.includeReplies ? undefined : isNull(posts.replyToPostId),
        olderThan(opts.before),
      ),
    )
    .orderBy(desc(posts.publishedAt), desc(posts.id))
    .limit(opts.limit);
}

/** Published, not hidden posts carrying a hashtag, newest first. */
export async function listLivePostsByHashtag(
  db: Database,
  opts: { tag: string; before?: PostPosition; limit: number },
): Promise<PostRow[]> {
  return db
    .select()
    .from(posts)
    .where(and(live, arrayContains(posts.hashtags, [opts.tag]), olderThan(opts.before)))
    .orderBy(desc(posts.publishedAt), desc(posts.id))
    .limit(opts.limit);
}

/** The author's own posts in some states (drafts, scheduled), newest first. */
export async function listOwnPosts(
  db: Database,
  authorId: string,
  statuses: PostStatus[],
): Promise<PostRow[]> {
  return db
    .select()
    .from(posts)
    .where(and(eq(posts.authorId, authorId), inArray(posts.status, statuses)))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(200);
}

export async function updatePostRow(
  db: Database,
  id: string,
  changes: Partial<typeof posts.$inferInsert>,
): Promise<PostRow> {
  const [row] = await db.update(posts).set(changes).where(eq(posts.id, id)).returning();
  if (!row) throw new Error(`post ${id} vanished during its update`);
  return row;
}

export async function deletePostRow(db: Database, id: string): Promise<PostRow | undefined> {
  const [row] = await db.delete(posts).where(eq(posts.id, id)).returning();
  return row;
}

/** Deletes every post of an author (their comments and history go with them); returns the rows. */
export async function deletePostsByAuthor(db: Database, authorId: string): Promise<PostRow[]> {
  return db.delete(posts).where(eq(posts.authorId, authorId)).returning();
}

/**
 * Claims due scheduled posts: row locks held until the caller's transaction ends, rows another
 * replica already holds skipped. Publishing in the same transaction makes each post publish once.
 */
export async function claimDuePosts(db: Database, now: Date, limit: number): Promise<PostRow[]> {
  return db
    .select()
    .from(posts)
    .where(and(eq(posts.status, "scheduled"), lte(posts.publishAt, now)))
    .orderBy(asc(posts.publishAt))
    .limit(limit)
    .for("update", { skipLocked: true });
}

export async function addToCommentCount(db: Database, postId: string, delta: number): Promise<void> {
  await db
    .update(posts)
    .set({ commentCount: sql`greatest(${posts.commentCount} + ${delta}, 0)` })
    .where(eq(posts.id, postId));
}

export async function insertPostEdit(db: Database, values: typeof postEdits.$inferInsert): Promise<void> {
  await db.insert(postEdits).values(values);
}

/** Earlier versions of a post, oldest first. */
export async function listPostEdits(db: Database, postId: string): Promise<PostEditRow[]> {
  return db.select().from(postEdits).where(eq(postEdits.postId, postId)).orderBy(asc(postEdits.replacedAt));
}
