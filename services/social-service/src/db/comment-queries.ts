import type { Database } from "@nova/db";
import { eq } from "drizzle-orm";
import { type CommentRow, comments, quotes } from "./schema/index.ts";

/** Records a live comment; returns it only when this call added it (replays change nothing). */
export async function insertComment(tx: Database, row: CommentRow): Promise<CommentRow | undefined> {
  const [created] = await tx.insert(comments).values(row).onConflictDoNothing().returning();
  return created;
}

export async function findComment(db: Database, id: string): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(comments).where(eq(comments.id, id));
  return row;
}

export async function deleteComment(tx: Database, id: string): Promise<CommentRow | undefined> {
  const [row] = await tx.delete(comments).where(eq(comments.id, id)).returning();
  return row;
}

export async function deleteCommentsOfPost(tx: Database, postId: string): Promise<void> {
  await tx.delete(comments).where(eq(comments.postId, postId));
}

/** Records that `quotePostId` quotes `quotedPostId`; true only when this call added it. */
export async function insertQuote(tx: Database, quotePostId: string, quotedPostId: string): Promise<boolean> {
  const rows = await tx
    .insert(quotes)
    .values({ quotePostId, quotedPostId })
    .onConflictDoNothing()
    .returning();
  return rows.length > 0;
}

/** Forgets a quote post; returns the post it quoted when there was one. */
export async function deleteQuote(tx: Database, quotePostId: string): Promise<string | undefined> {
  const [row] = await tx.delete(quotes).where(eq(quotes.quotePostId, quotePostId)).returning();
  return row?.quotedPostId;
}

/** Forgets quotes *of* a deleted post (their own posts live on; the count they fed is gone). */
export async function deleteQuotesOf(tx: Database, quotedPostId: string): Promise<void> {
  await tx.delete(quotes).where(eq(quotes.quotedPostId, quotedPostId));
}
