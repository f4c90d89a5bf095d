import type { Database } from "@nova/db";
import { follows } from "../db/schema/index.ts";

/** One approved follow edge to import. */
export interface FollowEdge {
  followerId: string;
  followeeId: string;
  createdAt: Date;
}

// Rows per INSERT: 3 parameters each, far below PostgreSQL's 65,535-parameter limit.
const BATCH = 5_000;

/**
 * Loads follow edges straight into the embedded store's `graph_service.follows` (PostgreSQL or
 * PGlite), for seeding a benchmark's generated graph or importing one from another system.
 * Existing edges are kept (duplicates skipped). No events are published and no counters or caches
 * are touched: run it before the services serve traffic, on a database nobody else writes.
 * Resolves to how many edges were new.
 */
export async function importFollowEdges(db: Database, edges: Iterable<FollowEdge>): Promise<number> {
  let inserted = 0;
  let batch: FollowEdge[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = await db
      .insert(follows)
      .values(batch)
      .onConflictDoNothing()
      .returning({ followerId: follows.followerId });
    inserted += rows.length;
    batch = [];
  };
  for (const edge of edges) {
    if (edge.followerId === edge.followeeId) continue;
    batch.push(edge);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return inserted;
}
