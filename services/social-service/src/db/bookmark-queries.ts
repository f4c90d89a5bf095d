import type { Database } from "@nova/db";
import { and, desc, eq, or, sql } from "drizzle-orm";
import type { PageKey } from "../domain/page-cursor.ts";
import { bookmarks } from "./schema/index.ts";

type BookmarkRow = typeof bookmarks.$inferSelect;

/** Inserts a bookmark unless it exists; returns it only when created. */
export async function insertBookmark(tx: Database, row: BookmarkRow): Promise<BookmarkRow | undefined> {
  const [created] = await tx.insert(bookmarks).values(row).onConflictDoNothing().returning();
  return created;
}

/** Deletes a bookmark; returns it only when this call removed it. */
export async function deleteBookmark(
  tx: Database,
  accountId: string,
  postId: string,
): Promise<BookmarkRow | undefined> {
  const [row] = await tx
    .delete(bookmarks)
    .where(and(eq(bookmarks.accountId, accountId), eq(bookmarks.postId, postId)))
    .returning();
  return row;
}

/** The owner's bookmarks, newest first, `limit` rows after `after`. */
export async function listBookmarksOf(
  db: Database,
  accountId: string,
  after: PageKey | undefined,
  limit: number,
): Promise<BookmarkRow[]> {
  const page = after
    ? or(
        sql`${bookmarks.createdAt} < ${after.at}`,
        and(eq(bookmarks.createdAt, after.at), sql`${bookmarks.postId} < ${after.id}`),
      )
    : undefined;
  return db
    .select()
    .from(bookmarks)
    .where(and(eq(bookmarks.accountId, accountId), page))
    .orderBy(desc(bookmarks.createdAt), desc(bookmarks.postId))
    .limit(limit);
}

export async function deleteBookmarksOfPost(tx: Database, postId: string): Promise<void> {
  await tx.delete(bookmarks).where(eq(bookmarks.postId, postId));
}

export async function deleteBookmarksBy(tx: Database, accountId: string): Promise<BookmarkRow[]> {
  return tx.delete(bookmarks).where(eq(bookmarks.accountId, accountId)).returning();
}

export async function postIdsBookmarkedBy(db: Database, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ postId: bookmarks.postId })
    .from(bookmarks)
    .where(eq(bookmarks.accountId, accountId));
  return rows.map((r) => r.postId);
}
