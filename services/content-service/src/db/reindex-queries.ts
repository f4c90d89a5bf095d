import type { Database } from "@nova/db";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { type CommentRow, comments, type PostRow, posts } from "./schema/index.ts";

/** Published posts (hidden or not) after an id, in id order: search-service's reindex pages. */
export async function listPublishedPostsAfter(
  db: Database,
  afterId: string | undefined,
  limit: number,
): Promise<PostRow[]> {
  const published = eq(posts.status, "published") as SQL;
  return db
    .select()
    .from(posts)
    .where(afterId ? and(published, gt(posts.id, afterId)) : published)
    .orderBy(asc(posts.id))
    .limit(limit);
}

/** Comments on published posts after an id, in id order, with their post's author. */
export async function listCommentsOnPublishedAfter(
  db: Database,
  afterId: string | undefined,
  limit: number,
): Promise<{ comment: CommentRow; postAuthorId: string }[]> {
  const published = eq(posts.status, "published") as SQL;
  return db
    .select({ comment: comments, postAuthorId: posts.authorId })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(afterId ? and(published, gt(comments.id, afterId)) : published)
    .orderBy(asc(comments.id))
    .limit(limit);
}
