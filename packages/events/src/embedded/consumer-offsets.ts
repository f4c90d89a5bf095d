import { type Database, rowsOf } from "@nova/db";
import { and, eq, sql } from "drizzle-orm";
import { busLog, busConsumerOffsets as o } from "./bus-schema.ts";

/**
 * Takes (or renews) the group's lease on a topic and returns the next offset to read, or
 * undefined while another member holds an unexpired lease. A new group starts at offset 0.
 */
export async function leaseTopic(
  db: Database,
  key: { group: string; topic: string; owner: string; leaseMs: number },
): Promise<number | undefined> {
  // One statement (every idle poll of every topic runs it): create the row or take the lease when
  // it is free, ours or expired; a lease held by another member updates nothing and returns no row.
  const rows = rowsOf<{ offset: number | string }>(
    await db.execute(sql`
      insert into nova_bus.consumer_offsets as o (group_id, topic, owner, lease_until)
      values (${key.group}, ${key.topic}, ${key.owner}, now() + make_interval(secs => ${key.leaseMs / 1000}))
      on conflict (group_id, topic) do update
        set owner = excluded.owner, lease_until = excluded.lease_until
        where o.owner is null or o.owner = excluded.owner or o.lease_until < now()
      returning o."offset"`),
  );
  const row = rows[0];
  return row === undefined ? undefined : Number(row.offset);
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
