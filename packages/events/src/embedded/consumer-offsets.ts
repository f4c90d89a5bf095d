import type { Database } from "@nova/db";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { busLog, busConsumerOffsets as o } from "./bus-schema.ts";

/**
 * Takes (or renews) the group's lease on a topic and returns the next offset to read, or
 * undefined while another member holds an unexpired lease. A new group starts at offset 0.
 */
export async function leaseTopic(
  db: Database,
  key: { group: string; topic: string; owner: string; leaseMs: number },
): Promise<number | undefined> {
  await db.insert(o).values({ groupId: key.group, topic: key.topic }).onConflictDoNothing();
  const [row] = await db
    .update(o)
    .set({ owner: key.owner, leaseUntil: sql`now() + make_interval(secs => ${key.leaseMs / 1000})` })
    .where(
      and(
        eq(o.groupId, key.group),
        eq(o.topic, key.topic),
        or(isNull(o.owner), eq(o.owner, key.owner), lt(o.leaseUntil, sql`now()`)),
      ),
    )
    .returning({ offset: o.offset });
  return row?.offset;
}

/** Commits `next` for the group, only while this member still holds the lease. */
export async function commitOffset(
  db: Database,
  key: { group: string; topic: string; owner: string },
  next: number,
): Promise<void> {
  await db
    .update(o)
    .set({ offset: next, updatedAt: sql`now()` })
    .where(and(eq(o.groupId, key.group), eq(o.topic, key.topic), eq(o.owner, key.owner)));
}

/** Gives the lease up on a clean stop, so the next member need not wait for it to expire. */
export async function releaseLease(
  db: Database,
  key: { group: string; topic: string; owner: string },
): Promise<void> {
  await db
    .update(o)
    .set({ owner: null, leaseUntil: null })
    .where(and(eq(o.groupId, key.group), eq(o.topic, key.topic), eq(o.owner, key.owner)));
}

/** The topic's end offset (next offset to be written). */
export async function endOffset(db: Database, topic: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number>`coalesce(max(${busLog.offset}), -1)`.mapWith(Number) })
    .from(busLog)
    .where(eq(busLog.topic, topic));
  return (row?.max ?? -1) + 1;
}
