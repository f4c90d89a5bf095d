import { type Database, rowsOf, uuidArray } from "@nova/db";
import { and, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { blocks, followRequests, follows, mutes } from "../../db/schema/index.ts";
import {
  type EdgePage,
  type GraphStore,
  NO_RELATIONSHIP,
  type PageRequest,
  type RelationshipFlags,
} from "../graph-store.ts";
import { decodeCursor, toPage } from "../page-cursor.ts";

type Reads = Pick<
  GraphStore,
  | "relationships"
  | "followers"
  | "following"
  | "mutuals"
  | "incomingRequests"
  | "outgoingRequests"
  | "blocked"
  | "muted"
  | "counts"
  | "hiddenFor"
  | "suggestions"
>;

/** One page of `other` where `owner = id`, newest `createdAt` first, after the cursor. */
async function edgePage(
  db: Database,
  table: PgTable,
  cols: { owner: PgColumn; other: PgColumn; createdAt: PgColumn },
  id: string,
  page: PageRequest,
): Promise<EdgePage> {
  const after = decodeCursor(page.cursor);
  const where: SQL[] = [eq(cols.owner, id)];
  if (after)
    where.push(
      sql`(${cols.createdAt}, ${cols.other}) < (${new Date(after.at).toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  const rows = await db
    .select({ id: cols.other, since: cols.createdAt })
    .from(table)
    .where(and(...where))
    .orderBy(desc(cols.createdAt), desc(cols.other))
    .limit(page.limit + 1);
  return toPage(rows as { id: string; since: Date }[], page.limit);
}

/** The reads of the PostgreSQL graph store: index-backed pages, one union for relationship checks. */
export function postgresGraphReads(db: Database): Reads {
  return {
    async relationships(viewerId, targetIds) {
      const out = new Map<string, RelationshipFlags>();
      for (const id of targetIds) out.set(id, { ...NO_RELATIONSHIP });
      if (targetIds.length === 0) return out;
      // One round trip, one array parameter: on a home read this runs for every page's authors.
      const ids = uuidArray([...new Set(targetIds)]);
      const rows = rowsOf<{ flag: keyof RelationshipFlags; target: string }>(
        await db.execute(sql`
          select 'following' as flag, followee_id as target from graph_service.follows
            where follower_id = ${viewerId}::uuid and followee_id = any(${ids})
          union all select 'followedBy', follower_id from graph_service.follows
            where followee_id = ${viewerId}::uuid and follower_id = any(${ids})
          union all select 'requested', target_id from graph_service.follow_requests
            where requester_id = ${viewerId}::uuid and target_id = any(${ids})
          union all select 'requestedBy', requester_id from graph_service.follow_requests
            where target_id = ${viewerId}::uuid and requester_id = any(${ids})
          union all select 'blocking', blocked_id from graph_service.blocks
            where blocker_id = ${viewerId}::uuid and blocked_id = any(${ids})
          union all select 'blockedBy', blocker_id from graph_service.blocks
            where blocked_id = ${viewerId}::uuid and blocker_id = any(${ids})
          union all select 'muting', muted_id from graph_service.mutes
            where muter_id = ${viewerId}::uuid and muted_id = any(${ids})`),
      );
      for (const row of rows) {
        const flags = out.get(row.target);
        if (flags) flags[row.flag] = true;
      }
      return out;
    },

    followers: (id, page) =>
      edgePage(
        db,
        follows,
        { owner: follows.followeeId, other: follows.followerId, createdAt: follows.createdAt },
        id,
        page,
      ),
    following: (id, page) =>
      edgePage(
        db,
        follows,
        { owner: follows.followerId, other: follows.followeeId, createdAt: follows.createdAt },
        id,
        page,
      ),
    incomingRequests: (id, page) =>
      edgePage(
        db,
        followRequests,
        {
          owner: followRequests.targetId,
          other: followRequests.requesterId,
          createdAt: followRequests.createdAt,
        },
        id,
        page,
      ),
    outgoingRequests: (id, page) =>
      edgePage(
        db,
        followRequests,
        {
          owner: followRequests.requesterId,
          other: followRequests.targetId,
          createdAt: followRequests.createdAt,
        },
        id,
        page,
      ),
    blocked: (id, page) =>
      edgePage(
        db,
        blocks,
        { owner: blocks.blockerId, other: blocks.blockedId, createdAt: blocks.createdAt },
        id,
        page,
      ),
    muted: (id, page) =>
      edgePage(
        db,
        mutes,
        { owner: mutes.muterId, other: mutes.mutedId, createdAt: mutes.createdAt },
        id,
        page,
      ),

    async mutuals(id, page) {
      const after = decodeCursor(page.cursor);
      const cursor = after
        ? sql`and (greatest(i.created_at, o.created_at), i.follower_id) < (${new Date(after.at).toISOString()}::timestamptz, ${after.id}::uuid)`
        : sql``;
      const rows = rowsOf<{ id: string; since: Date | string }>(
        await db.execute(sql`
          select i.follower_id as id, greatest(i.created_at, o.created_at) as since
          from graph_service.follows i
          join graph_service.follows o on o.follower_id = ${id}::uuid and o.followee_id = i.follower_id
          where i.followee_id = ${id}::uuid ${cursor}
          order by since desc, id desc
          limit ${page.limit + 1}`),
      );
      return toPage(
        rows.map((r) => ({ id: r.id, since: new Date(r.since) })),
        page.limit,
      );
    },

    async counts(accountIds) {
      const out = new Map<string, { followers: number; following: number }>();
      for (const id of accountIds) out.set(id, { followers: 0, following: 0 });
      if (accountIds.length === 0) return out;
      const ids = [...new Set(accountIds)];
      const [followers, following] = await Promise.all([
        db
          .select({ id: follows.followeeId, n: count() })
          .from(follows)
          .where(inArray(follows.followeeId, ids))
          .groupBy(follows.followeeId),
        db
          .select({ id: follows.followerId, n: count() })
          .from(follows)
          .where(inArray(follows.followerId, ids))
          .groupBy(follows.followerId),
      ]);
      for (const r of followers) (out.get(r.id) as { followers: number }).followers = Number(r.n);
      for (const r of following) (out.get(r.id) as { following: number }).following = Number(r.n);
      return out;
    },

    async hiddenFor(accountId) {
      // One round trip (feed asks on every home read a cache miss reaches).
      const rows = rowsOf<{ kind: "blocking" | "blockedBy" | "muting"; id: string }>(
        await db.execute(sql`
          select 'blocking' as kind, blocked_id as id from graph_service.blocks where blocker_id = ${accountId}::uuid
          union all select 'blockedBy', blocker_id from graph_service.blocks where blocked_id = ${accountId}::uuid
          union all select 'muting', muted_id from graph_service.mutes where muter_id = ${accountId}::uuid`),
      );
      const out = { blocking: [] as string[], blockedBy: [] as string[], muting: [] as string[] };
      for (const r of rows) out[r.kind].push(r.id);
      return out;
    },

    async suggestions(viewerId, limit) {
      // Two hops out along follows, then every exclusion as an anti-join.
      const rows = rowsOf<{ id: string; mutual_count: number | string; last_followed_at: Date | string }>(
        await db.execute(sql`
          select f2.followee_id as id, count(*) as mutual_count, max(f2.created_at) as last_followed_at
          from graph_service.follows f1
          join graph_service.follows f2 on f2.follower_id = f1.followee_id
          where f1.follower_id = ${viewerId}::uuid
            and f2.followee_id <> ${viewerId}::uuid
            and not exists (select 1 from graph_service.follows x where x.follower_id = ${viewerId}::uuid and x.followee_id = f2.followee_id)
            and not exists (select 1 from graph_service.follow_requests r where r.requester_id = ${viewerId}::uuid and r.target_id = f2.followee_id)
            and not exists (select 1 from graph_service.blocks b where (b.blocker_id = ${viewerId}::uuid and b.blocked_id = f2.followee_id) or (b.blocked_id = ${viewerId}::uuid and b.blocker_id = f2.followee_id))
            and not exists (select 1 from graph_service.mutes m where m.muter_id = ${viewerId}::uuid and m.muted_id = f2.followee_id)
          group by f2.followee_id
          order by mutual_count desc, last_followed_at desc, id
          limit ${limit}`),
      );
      return rows.map((r) => ({
        id: r.id,
        mutualCount: Number(r.mutual_count),
        lastFollowedAt: new Date(r.last_followed_at),
      }));
    },
  };
}
