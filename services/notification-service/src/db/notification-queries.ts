import { type Database, rowsOf, type Transaction } from "@nova/db";
import { and, desc, eq, gt, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { NotificationIntent } from "../domain/intent.ts";
import { type NotificationRow, type NotificationType, notifications, readMarkers } from "./schema/index.ts";

type Db = Database | Transaction;

/** Inserts the notification unless its cause is already there for the recipient; the new row or null. */
export async function insertNotification(
  db: Db,
  intent: NotificationIntent,
): Promise<NotificationRow | null> {
  const [row] = await db
    .insert(notifications)
    .values({
      id: Bun.randomUUIDv7(),
      recipientId: intent.recipientId,
      type: intent.type,
      groupKey: intent.groupKey,
      cause: intent.cause,
      actorId: intent.actorId,
      postId: intent.postId ?? null,
      commentId: intent.commentId ?? null,
      relatedPostId: intent.relatedPostId ?? null,
      data: intent.data ?? null,
      createdAt: intent.at,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** Deletes the matching rows; returns (recipient, group) of each, for live updates. */
export async function deleteNotifications(db: Db, where: SQL | undefined) {
  return db
    .delete(notifications)
    .where(where)
    .returning({ recipientId: notifications.recipientId, groupKey: notifications.groupKey });
}

export const byCause = (cause: string) => eq(notifications.cause, cause);
export const byPost = (postId: string) =>
  or(eq(notifications.postId, postId), eq(notifications.relatedPostId, postId));
export const byComment = (commentId: string) => eq(notifications.commentId, commentId);
/** Rows `recipientId` received from `actorId`. */
export const between = (recipientId: string, actorId: string) =>
  and(eq(notifications.recipientId, recipientId), eq(notifications.actorId, actorId));

/** One group of a recipient's inbox as the read path needs it. */
export interface GroupRow {
  groupKey: string;
  type: NotificationType;
  latestAt: Date;
  latestId: string;
  actorCount: number;
  /** Newest first, at most `actorsShown`. */
  actorIds: string[];
  postId: string | null;
  commentId: string | null;
  relatedPostId: string | null;
  data: Record<string, unknown> | null;
}

export interface GroupQuery {
  recipientId: string;
  types?: readonly NotificationType[] | undefined;
  /** Only groups strictly older than this (latestAt, groupKey) position. */
  before?: { at: Date; key: string } | undefined;
  /** Only groups with a row newer than this id (SSE resume). */
  groupKeys?: readonly string[] | undefined;
  limit: number;
  actorsShown: number;
  grouped: boolean;
}

/**
 * A page of groups, newest activity first. Grouped: one item per group key; ungrouped: one item per
 * row (its own cause as the key). Ordered by (latestAt, key) descending, so a cursor at a position
 * never repeats or skips an item when new ones arrive (an item that gains an actor moves to the top).
 */
export async function listGroups(db: Db, q: GroupQuery): Promise<GroupRow[]> {
  const n = notifications;
  const key = q.grouped ? n.groupKey : n.cause;
  const conditions = [eq(n.recipientId, q.recipientId)];
  if (q.types?.length) conditions.push(inArray(n.type, [...q.types]));
  if (q.groupKeys?.length) conditions.push(inArray(key, [...q.groupKeys]));
  const latest = sql<Date>`max(${n.createdAt})`;
  const having = q.before
    ? sql`(max(${n.createdAt}), ${key}) < (${q.before.at.toISOString()}::timestamptz, ${q.before.key})`
    : undefined;
  // One row per cause and a cause names its actor, so within a group count(actor) = distinct actors
  // (no per-group sort); the newest actors are read per page group below, from the index.
  const groups = await db
    .select({
      groupKey: key,
      type: sql<NotificationType>`min(${n.type})`,
      latestAt: latest.mapWith((v: string | Date) => new Date(v)),
      latestId: sql<string>`max(${n.id}::text)`,
      actorCount: sql<number>`count(${n.actorId})`.mapWith(Number),
      postId: sql<string | null>`min(${n.postId}::text)`,
      commentId: sql<string | null>`min(${n.commentId}::text)`,
      relatedPostId: sql<string | null>`min(${n.relatedPostId}::text)`,
    })
    .from(n)
    .where(and(...conditions))
    .groupBy(key)
    .having(having)
    .orderBy(desc(latest), desc(key))
    .limit(q.limit);
  if (groups.length === 0) return [];
  const keyColumn = q.grouped ? sql`group_key` : sql`cause`;
  const keys = sql.join(
    groups.map((g) => sql`${g.groupKey}`),
    sql`, `,
  );
  const newest = rowsOf<{ k: string; actor_id: string | null; data: Record<string, unknown> | null }>(
    await db.execute(sql`
    select g.k, x.actor_id, x.data
    from unnest(array[${keys}]::text[]) as g(k)
    cross join lateral (
      select actor_id, data from ${n}
      where recipient_id = ${q.recipientId} and ${keyColumn} = g.k
      order by created_at desc, id desc
      limit ${q.actorsShown}
    ) x`),
  );
  const byKey = new Map<string, { actorIds: string[]; data: Record<string, unknown> | null }>();
  for (const r of newest) {
    const entry = byKey.get(r.k) ?? { actorIds: [], data: r.data };
    if (r.actor_id && !entry.actorIds.includes(r.actor_id)) entry.actorIds.push(r.actor_id);
    byKey.set(r.k, entry);
  }
  return groups.map((g) => ({
    ...g,
    actorIds: byKey.get(g.groupKey)?.actorIds ?? [],
    data: byKey.get(g.groupKey)?.data ?? null,
  }));
}

/** How many groups have activity after the account's read marker. */
export async function countUnreadGroups(db: Db, recipientId: string, readUpTo: Date | null): Promise<number> {
  const n = notifications;
  const inner = db
    .select({ k: n.groupKey })
    .from(n)
    .where(and(eq(n.recipientId, recipientId), readUpTo ? gt(n.createdAt, readUpTo) : undefined))
    .groupBy(n.groupKey)
    .as("unread");
  const [row] = await db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(inner);
  return row?.count ?? 0;
}

export async function readMarkerOf(db: Db, accountId: string): Promise<Date | null> {
  const [row] = await db.select().from(readMarkers).where(eq(readMarkers.accountId, accountId));
  return row?.readUpTo ?? null;
}

/** Moves the marker forward only (an older `upTo` changes nothing); returns the marker now held. */
export async function advanceReadMarker(db: Db, accountId: string, upTo: Date): Promise<Date> {
  const [row] = await db
    .insert(readMarkers)
    .values({ accountId, readUpTo: upTo })
    .onConflictDoUpdate({
      target: readMarkers.accountId,
      set: { readUpTo: sql`greatest(${readMarkers.readUpTo}, excluded.read_up_to)` },
    })
    .returning();
  return row?.readUpTo ?? upTo;
}

/** The newest activity time of one of the account's groups (null: no such group). */
export async function latestOfGroup(db: Db, recipientId: string, groupKey: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`max(${notifications.createdAt})` })
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), eq(notifications.groupKey, groupKey)));
  return row?.at ? new Date(row.at) : null;
}

/** The account's newest notification time (null: empty inbox). */
export async function latestOfInbox(db: Db, recipientId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`max(${notifications.createdAt})` })
    .from(notifications)
    .where(eq(notifications.recipientId, recipientId));
  return row?.at ? new Date(row.at) : null;
}

/** Group keys touched by rows newer than `afterId` (UUIDv7 order = arrival order), oldest first. */
export async function groupsChangedSince(db: Db, recipientId: string, afterId: string, limit: number) {
  return db
    .select({ id: notifications.id, groupKey: notifications.groupKey })
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), gt(notifications.id, afterId)))
    .orderBy(notifications.id)
    .limit(limit);
}

/** Deletes rows older than `before` in batches; returns how many went. */
export async function deleteOlderThan(db: Database, before: Date, batch = 1_000): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = db
      .select({ id: notifications.id })
      .from(notifications)
      .where(lt(notifications.createdAt, before))
      .limit(batch);
    const gone = await db
      .delete(notifications)
      .where(inArray(notifications.id, ids))
      .returning({ id: notifications.id });
    total += gone.length;
    if (gone.length < batch) return total;
  }
}
