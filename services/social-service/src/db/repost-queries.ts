import type { Database } from "@nova/db";
import { and, eq } from "drizzle-orm";
import { type RepostRow, reposts } from "./schema/index.ts";

/** Inserts a repost unless the account already reposted the post; returns it only when created. */
export async function insertRepost(tx: Database, repost: RepostRow): Promise<RepostRow | undefined> {
  const [row] = await tx.insert(reposts).values(repost).onConflictDoNothing().returning();
  return row;
}

/** The account's repost of the post, if any. */
export async function findRepost(
  db: Database,
  accountId: string,
  postId: string,
): Promise<RepostRow | undefined> {
  const [row] = await db
    .select()
    .from(reposts)
    .where(and(eq(reposts.accountId, accountId), eq(reposts.postId, postId)));
  return row;
}

/** Deletes the account's repost of the post; returns it only when this call removed it. */
export async function deleteRepost(
  tx: Database,
  accountId: string,
  postId: string,
): Promise<RepostRow | undefined> {
  const [row] = await tx
    .delete(reposts)
    .where(and(eq(reposts.accountId, accountId), eq(reposts.postId, postId)))
    .returning();
  return row;
}

export async function deleteRepostsOfPost(tx: Database, postId: string): Promise<RepostRow[]> {
  return tx.delete(reposts).where(eq(reposts.postId, postId)).returning();
}

export async function deleteRepostsBy(tx: Database, accountId: string): Promise<RepostRow[]> {
  return tx.delete(reposts).where(eq(reposts.accountId, accountId)).returning();
}

export async function postIdsRepostedBy(db: Database, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ postId: reposts.postId })
    .from(reposts)
    .where(eq(reposts.accountId, accountId));
  return rows.map((r) => r.postId);
}
