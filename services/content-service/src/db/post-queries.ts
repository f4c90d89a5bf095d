import { type Database, preparedPerDatabase, uuidArrayLiteral } from "@nova/db";
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

// Every post read (REST, GraphQL, the gateway's post) starts here: built per call, this select
// cost ~110 µs of CPU, more than a whole Bun.serve "hello" request.
const postById = preparedPerDatabase((db) =>
  db
    .select()
    .from(posts)
    .where(eq(posts.id, sql.placeholder("id")))
    .prepare("content_post_by_id"),
);

/** A post in any state (callers apply the visibility rules). */
export async function findPost(
  db: Database,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PostRow | undefined> {
  if (!opts.forUpdate) return (await postById(db).execute({ id }))[0];
  const [row] = await db.select().from(posts).where(eq(posts.id, id)).for("update");
  return row;
}

/** Published, not hidden posts by id (any order). */
const livePostsById = preparedPerDatabase((db) =>
  db
    .select()
    .from(posts)
    .where(and(live, sql`${posts.id} = any(${sql.placeholder("ids")}::uuid[])`))
    .prepare("content_live_posts_by_id"),
);
export async function findLivePosts(db: Database, ids: readonly string[]): Promise<PostRow[]> {
  if (ids.length === 0) return [];
  return livePostsById(db).execute({ ids: uuidArrayLiteral(ids) });
}

// One prepared statement per shape of listLivePostsByAuthors (replies in or out, first page or not).
const byAuthorsStatements = [false, true].flatMap((includeReplies) =>
  [false, true].map((paged) =>
    preparedPerDatabase((db) =>
      db
        .select()
        .from(posts)
        .where(
          and(
            live,
            sql`${posts.authorId} = any(${sql.placeholder("authors")}::uuid[])`,
            includeReplies ? undefined : isNull(posts.replyToPostId),
            paged
              ? sql`(${posts.publishedAt}, ${posts.id}) < (${sql.placeholder("at")}::timestamptz, ${sql.placeholder("id")}::uuid)`
              : undefined,
          ),
        )
        .orderBy(desc(posts.publishedAt), desc(posts.id))
        .limit(sql.placeholder("limit"))
        .prepare(`content_live_posts_by_authors_${includeReplies ? "r" : "n"}${paged ? "p" : "f"}`),
    ),
  ),
);

/** Published, not hidden posts of some authors, newest first. */
export async function listLivePostsByAuthors(
  db: Database,
  opts: { authorIds: readonly string[]; includeReplies: boolean; before?: PostPosition; limit: number },
): Promise<PostRow[]> {
  if (opts.authorIds.length === 0) return [];
  const statement = byAuthorsStatements[(opts.includeReplies ? 2 : 0) + (opts.before ? 1 : 0)];
  if (!statement) throw new Error("unreachable: four statement shapes");
  return statement(db).execute({
    authors: uuidArrayLiteral(opts.authorIds),
    limit: opts.limit,
    ...(opts.before && { at: opts.before.at.toISOString(), id: opts.before.id }),
  });
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
