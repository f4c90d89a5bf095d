import type { Database } from "@nova/db";
import { asc, eq, inArray } from "drizzle-orm";
import {
  type CommentRow,
  comments,
  type PostEditRow,
  type PostRow,
  postEdits,
  posts,
} from "./schema/index.ts";

/** Every post of an author, whatever its status (drafts, scheduled, hidden included), oldest first. */
export function listAllPostsOfAuthor(db: Database, authorId: string): Promise<PostRow[]> {
  return db
    .select()
    .from(posts)
    .where(eq(posts.authorId, authorId))
    .orderBy(asc(posts.createdAt), asc(posts.id));
}

/** The earlier versions of these posts, oldest first. */
export async function listEditsOfPosts(db: Database, postIds: readonly string[]): Promise<PostEditRow[]> {
  if (postIds.length === 0) return [];
  return db
    .select()
    .from(postEdits)
    .where(inArray(postEdits.postId, [...postIds]))
    .orderBy(asc(postEdits.replacedAt), asc(postEdits.id));
}

/** Every comment an account wrote, on any post, oldest first. */
export function listAllCommentsOfAuthor(db: Database, authorId: string): Promise<CommentRow[]> {
  return db
    .select()
    .from(comments)
    .where(eq(comments.authorId, authorId))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}
