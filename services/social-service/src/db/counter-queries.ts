import type { Database } from "@nova/db";
import { asc, inArray, sql } from "drizzle-orm";
import { type PostCountersRow, postCounters } from "./schema/index.ts";

/** The counters one post carries. */
export const COUNTER_NAMES = ["likes", "comments", "reposts", "quotes", "bookmarks"] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counts = Record<CounterName, number>;

export const ZERO_COUNTS: Readonly<Counts> = { likes: 0, comments: 0, reposts: 0, quotes: 0, bookmarks: 0 };

/**
 * Creates the post's counters row if needed and locks it for the rest of the transaction. Every
 * write to a post's engagement takes this lock first (one order everywhere: no deadlocks), which
 * serialises it with the post's deletion. Returns whether the post is already deleted.
 */
export async function lockPostCounters(
  tx: Database,
  postId: string,
): Promise<{ deleted: boolean; counts: Counts }> {
  const [row] = await tx
    .insert(postCounters)
    .values({ postId })
    .onConflictDoUpdate({ target: postCounters.postId, set: { updatedAt: sql`now()` } })
    .returning();
  return { deleted: row?.deleted ?? false, counts: row ? countsOf(row) : { ...ZERO_COUNTS } };
}

/** The counters of a row (zeros for a deleted post's tombstone). */
export function countsOf(row: PostCountersRow): Counts {
  if (row.deleted) return { ...ZERO_COUNTS };
  return {
    likes: row.likes,
    comments: row.comments,
    reposts: row.reposts,
    quotes: row.quotes,
    bookmarks: row.bookmarks,
  };
}

/**
 * Locks the post's counters row when it exists. For removals: without a row there is nothing to
 * remove (a like being added concurrently has not committed, and serialises as "after" this).
 */
export async function lockExistingPostCounters(tx: Database, postId: string): Promise<Counts | undefined> {
  const [row] = await tx
    .select()
    .from(postCounters)
    .where(sql`${postCounters.postId} = ${postId}`)
    .for("update");
  return row ? countsOf(row) : undefined;
}

/** Locks the counters rows of many posts in id order (the same order every multi-post writer uses). */
export async function lockManyPostCounters(tx: Database, postIds: readonly string[]): Promise<void> {
  const ids = [...new Set(postIds)].sort();
  if (ids.length === 0) return;
  await tx
    .insert(postCounters)
    .values(ids.map((postId) => ({ postId })))
    .onConflictDoNothing();
  await tx
    .select({ postId: postCounters.postId })
    .from(postCounters)
    .where(inArray(postCounters.postId, ids))
    .orderBy(asc(postCounters.postId))
    .for("update");
}

/** Moves counters by the given deltas, never below zero; returns the new counts. Call with the row locked. */
export async function bumpPostCounters(
  tx: Database,
  postId: string,
  delta: Partial<Counts>,
): Promise<Counts> {
  const set: Record<string, unknown> = { updatedAt: sql`now()` };
  for (const name of COUNTER_NAMES) {
    const d = delta[name];
    if (d) set[name] = sql`greatest(${postCounters[name]} + ${d}, 0)`;
  }
  const [row] = await tx
    .update(postCounters)
    .set(set)
    .where(sql`${postCounters.postId} = ${postId}`)
    .returning();
  return row ? countsOf(row) : { ...ZERO_COUNTS };
}

/** Marks a post deleted and zeroes its counters (the row stays as a tombstone). */
export async function tombstonePostCounters(tx: Database, postId: string): Promise<void> {
  await tx
    .insert(postCounters)
    .values({ postId, deleted: true })
    .onConflictDoUpdate({
      target: postCounters.postId,
      set: { ...ZERO_COUNTS, deleted: true, updatedAt: sql`now()` },
    });
}

/** Counters of the given posts; posts without a row (or deleted) are absent. */
export async function findPostCounters(
  db: Database,
  postIds: readonly string[],
): Promise<Map<string, Counts>> {
  if (postIds.length === 0) return new Map();
  const rows: PostCountersRow[] = await db
    .select()
    .from(postCounters)
    .where(inArray(postCounters.postId, [...postIds]));
  return new Map(rows.filter((r) => !r.deleted).map((r) => [r.postId, countsOf(r)]));
}
