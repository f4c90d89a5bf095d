import type { Database } from "@nova/db";
import { and, desc, eq, or, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { PageKey } from "../domain/page-cursor.ts";
import { type LikeRow, likes, type SubjectKind } from "./schema/index.ts";

/** Inserts a like unless it exists; returns the row only when this call created it. */
export async function insertLike(
  tx: Database,
  like: Omit<LikeRow, "createdAt"> & { createdAt: Date },
): Promise<LikeRow | undefined> {
  const [row] = await tx.insert(likes).values(like).onConflictDoNothing().returning();
  return row;
}

/** Deletes one account's like; returns the row only when this call removed it. */
export async function deleteLike(
  tx: Database,
  key: { subjectKind: SubjectKind; subjectId: string; accountId: string },
): Promise<LikeRow | undefined> {
  const [row] = await tx
    .delete(likes)
    .where(
      and(
        eq(likes.subjectKind, key.subjectKind),
        eq(likes.subjectId, key.subjectId),
        eq(likes.accountId, key.accountId),
      ),
    )
    .returning();
  return row;
}

/** Number of likes on one subject (comments have no counters row: their index answers this). */
export async function countLikes(db: Database, subjectKind: SubjectKind, subjectId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(likes)
    .where(and(eq(likes.subjectKind, subjectKind), eq(likes.subjectId, subjectId)));
  return Number(row?.n ?? 0);
}

/** Whether the account liked the subject. */
export async function hasLiked(
  db: Database,
  subjectKind: SubjectKind,
  subjectId: string,
  accountId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(likes)
    .where(
      and(eq(likes.subjectKind, subjectKind), eq(likes.subjectId, subjectId), eq(likes.accountId, accountId)),
    );
  return !!row;
}

const before = (at: typeof likes.createdAt, id: AnyPgColumn, key: PageKey | undefined) =>
  key ? or(sql`${at} < ${key.at}`, and(eq(at, key.at), sql`${id} < ${key.id}`)) : undefined;

/** Who liked a subject, newest first, `limit` rows after `after`. */
export async function listLikers(
  db: Database,
  subjectKind: SubjectKind,
  subjectId: string,
  after: PageKey | undefined,
  limit: number,
): Promise<{ accountId: string; createdAt: Date }[]> {
  return db
    .select({ accountId: likes.accountId, createdAt: likes.createdAt })
    .from(likes)
    .where(
      and(
        eq(likes.subjectKind, subjectKind),
        eq(likes.subjectId, subjectId),
        before(likes.createdAt, likes.accountId, after),
      ),
    )
    .orderBy(desc(likes.createdAt), desc(likes.accountId))
    .limit(limit);
}

/** An account's likes of one kind, newest first, `limit` rows after `after`. */
export async function listLikesOf(
  db: Database,
  accountId: string,
  subjectKind: SubjectKind,
  after: PageKey | undefined,
  limit: number,
): Promise<LikeRow[]> {
  return db
    .select()
    .from(likes)
    .where(
      and(
        eq(likes.accountId, accountId),
        eq(likes.subjectKind, subjectKind),
        before(likes.createdAt, likes.subjectId, after),
      ),
    )
    .orderBy(desc(likes.createdAt), desc(likes.subjectId))
    .limit(limit);
}

/** Deletes every like on a post and on its comments. */
export async function deleteLikesOfPost(tx: Database, postId: string): Promise<LikeRow[]> {
  return tx.delete(likes).where(eq(likes.postId, postId)).returning();
}

/** Deletes every like on one comment. */
export async function deleteLikesOfComment(tx: Database, commentId: string): Promise<void> {
  await tx.delete(likes).where(and(eq(likes.subjectKind, "comment"), eq(likes.subjectId, commentId)));
}

/** Deletes every like an account gave. */
export async function deleteLikesBy(tx: Database, accountId: string): Promise<LikeRow[]> {
  return tx.delete(likes).where(eq(likes.accountId, accountId)).returning();
}

/** Posts an account's likes touch (for locking their counters before erasing the likes). */
export async function postIdsLikedBy(db: Database, accountId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ postId: likes.postId })
    .from(likes)
    .where(eq(likes.accountId, accountId));
  return rows.map((r) => r.postId);
}

/** One account's like of a subject, if any. */
export async function findLike(
  db: Database,
  key: { subjectKind: SubjectKind; subjectId: string; accountId: string },
): Promise<LikeRow | undefined> {
  const [row] = await db
    .select()
    .from(likes)
    .where(
      and(
        eq(likes.subjectKind, key.subjectKind),
        eq(likes.subjectId, key.subjectId),
        eq(likes.accountId, key.accountId),
      ),
    );
  return row;
}
