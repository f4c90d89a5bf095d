import type { Driver } from "neo4j-driver";
import {
  type EdgePage,
  type GraphStore,
  NO_RELATIONSHIP,
  type PageRequest,
  type RelationshipFlags,
} from "../graph-store.ts";
import { decodeCursor, toPage } from "../page-cursor.ts";
import { int, readRows } from "./neo4j-session.ts";

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

/**
 * One page of neighbours over `pattern` (which binds `me`, `other` and the edge `r`), newest edge
 * first, (time, id) after the cursor — the same order and cursor as the PostgreSQL adapter.
 */
async function edgePage(driver: Driver, pattern: string, id: string, page: PageRequest): Promise<EdgePage> {
  const after = decodeCursor(page.cursor);
  const rows = await readRows<{ id: string; at: number }>(
    driver,
    `MATCH ${pattern}
     WHERE $afterAt IS NULL OR r.at < $afterAt OR (r.at = $afterAt AND other.id < $afterId)
     RETURN other.id AS id, r.at AS at
     ORDER BY at DESC, id DESC
     LIMIT $limit`,
    {
      id,
      afterAt: after ? int(after.at) : null,
      afterId: after?.id ?? null,
      limit: int(page.limit + 1),
    },
  );
  return toPage(
    rows.map((r) => ({ id: r.id, since: new Date(r.at) })),
    page.limit,
  );
}

/** The reads of the Neo4j graph store. */
export function neo4jGraphReads(driver: Driver): Reads {
  return {
    async relationships(viewerId, targetIds) {
      const out = new Map<string, RelationshipFlags>();
      for (const id of targetIds) out.set(id, { ...NO_RELATIONSHIP });
      if (targetIds.length === 0) return out;
      const rows = await readRows<{ id: string } & RelationshipFlags>(
        driver,
        `MATCH (v:Account {id: $viewer})
         UNWIND $ids AS tid
         MATCH (t:Account {id: tid})
         RETURN t.id AS id,
           EXISTS { (v)-[:FOLLOWS]->(t) } AS following,
           EXISTS { (t)-[:FOLLOWS]->(v) } AS followedBy,
           EXISTS { (v)-[:REQUESTED]->(t) } AS requested,
           EXISTS { (t)-[:REQUESTED]->(v) } AS requestedBy,
           EXISTS { (v)-[:BLOCKS]->(t) } AS blocking,
           EXISTS { (t)-[:BLOCKS]->(v) } AS blockedBy,
           EXISTS { (v)-[:MUTES]->(t) } AS muting`,
        { viewer: viewerId, ids: [...new Set(targetIds)] },
      );
      for (const { id, ...flags } of rows) out.set(id, flags);
      return out;
    },
    followers: (id, page) =>
      edgePage(driver, "(other:Account)-[r:FOLLOWS]->(me:Account {id: $id})", id, page),
    following: (id, page) =>
      edgePage(driver, "(me:Account {id: $id})-[r:FOLLOWS]->(other:Account)", id, page),
    incomingRequests: (id, page) =>
      edgePage(driver, "(other:Account)-[r:REQUESTED]->(me:Account {id: $id})", id, page),
    outgoingRequests: (id, page) =>
      edgePage(driver, "(me:Account {id: $id})-[r:REQUESTED]->(other:Account)", id, page),
    blocked: (id, page) => edgePage(driver, "(me:Account {id: $id})-[r:BLOCKS]->(other:Account)", id, page),
    muted: (id, page) => edgePage(driver, "(me:Account {id: $id})-[r:MUTES]->(other:Account)", id, page),

    async mutuals(id, page) {
      const after = decodeCursor(page.cursor);
      const rows = await readRows<{ id: string; at: number }>(
        driver,
        `MATCH (other:Account)-[i:FOLLOWS]->(me:Account {id: $id})-[o:FOLLOWS]->(other)
         WITH other, CASE WHEN i.at > o.at THEN i.at ELSE o.at END AS at
         WHERE $afterAt IS NULL OR at < $afterAt OR (at = $afterAt AND other.id < $afterId)
         RETURN other.id AS id, at ORDER BY at DESC, id DESC LIMIT $limit`,
        { id, afterAt: after ? int(after.at) : null, afterId: after?.id ?? null, limit: int(page.limit + 1) },
      );
      return toPage(
        rows.map((r) => ({ id: r.id, since: new Date(r.at) })),
        page.limit,
      );
    },

    async counts(accountIds) {
      const out = new Map<string, { followers: number; following: number }>();
      for (const id of accountIds) out.set(id, { followers: 0, following: 0 });
      if (accountIds.length === 0) return out;
      const rows = await readRows<{ id: string; followers: number; following: number }>(
        driver,
        `UNWIND $ids AS aid
         MATCH (a:Account {id: aid})
         RETURN a.id AS id, COUNT { (a)<-[:FOLLOWS]-() } AS followers, COUNT { (a)-[:FOLLOWS]->() } AS following`,
        { ids: [...new Set(accountIds)] },
      );
      for (const r of rows) out.set(r.id, { followers: r.followers, following: r.following });
      return out;
    },

    async hiddenFor(accountId) {
      const [row] = await readRows<{ blocking: string[]; blockedBy: string[]; muting: string[] }>(
        driver,
        `MATCH (a:Account {id: $id})
         RETURN COLLECT { MATCH (a)-[:BLOCKS]->(x) RETURN x.id } AS blocking,
                COLLECT { MATCH (a)<-[:BLOCKS]-(x) RETURN x.id } AS blockedBy,
                COLLECT { MATCH (a)-[:MUTES]->(x) RETURN x.id } AS muting`,
        { id: accountId },
      );
      return row ?? { blocking: [], blockedBy: [], muting: [] };
    },

    async suggestions(viewerId, limit) {
      const rows = await readRows<{ id: string; mutualCount: number; lastFollowedAt: number }>(
        driver,
        `MATCH (me:Account {id: $id})-[:FOLLOWS]->(:Account)-[r:FOLLOWS]->(s:Account)
         WHERE s <> me
           AND NOT EXISTS { (me)-[:FOLLOWS|REQUESTED|MUTES]->(s) }
           AND NOT EXISTS { (me)-[:BLOCKS]-(s) }
         WITH s, count(*) AS mutualCount, max(r.at) AS lastFollowedAt
         RETURN s.id AS id, mutualCount, lastFollowedAt
         ORDER BY mutualCount DESC, lastFollowedAt DESC, id
         LIMIT $limit`,
        { id: viewerId, limit: int(limit) },
      );
      return rows.map((r) => ({
        id: r.id,
        mutualCount: r.mutualCount,
        lastFollowedAt: new Date(r.lastFollowedAt),
      }));
    },
  };
}
