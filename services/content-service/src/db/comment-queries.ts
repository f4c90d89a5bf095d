import type { Database } from "@nova/db";
import { and, asc, eq, gt, isNull, or, type SQL, sql } from "drizzle-orm";
import { type CommentRow, comments } from "./schema/index.ts";

/** A position in an oldest-first thread: strictly newer than (createdAt, id). */
export interface CommentPosition {
  at: Date;
  id: string;
}

export async function insertComment(db: Database, values: typeof comments.$inferInsert): Promise<CommentRow> {
  const [row] = await db.insert(comments).values(values).returning();
  if (!row) throw new Error("insert into comments returned nothing");
  return row;
}

export async function findComment(db: Database, id: string): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(comments).where(eq(comments.id, id));
  return row;
}

/** One level of a thread: top-level comments (parent null) or the replies to one comment. */
export async function listThread(
  db: Database,
  opts: { postId: string; parentId: string | null; after?: CommentPosition; limit: number },
): Promise<CommentRow[]> {
  const after = opts.after;
  const newer: SQL | undefined = after
    ? or(gt(comments.createdAt, after.at), and(eq(comments.createdAt, after.at), gt(comments.id, after.id)))
    : undefined;
  return db
    .select()
    .from(comments)
    .where(
      and(
        eq(comments.postId, opts.postId),
        opts.parentId === null
          ? isNull(comments.parentCommentId)
          : eq(comments.parentCommentId, opts.parentId),
        newer,
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(opts.limit);
}

export async function deleteCommentRow(db: Database, id: string): Promise<CommentRow | undefined> {
  const [row] = await db.delete(comments).where(eq(comments.id, id)).returning();
  return row;
}

export async function addToReplyCount(db: Database, commentId: string, delta: number): Promise<void> {
  await db
    .update(comments)
    .set({ replyCount: sql`greatest(${comments.replyCount} + ${delta}, 0)` })
    .where(eq(comments.id, commentId));
}

/** Deletes an account's comments on others' posts; returns them (for counts and events). */
export async function deleteCommentsByAuthor(db: Database, authorId: string): Promise<CommentRow[]> {
  return db.delete(comments).where(eq(comments.authorId, authorId)).returning();
}
