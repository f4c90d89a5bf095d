import type { Database } from "@nova/db";
import { sql } from "drizzle-orm";
import type { GraphStore } from "../graph-store.ts";
import { postgresGraphReads } from "./postgres-graph-reads.ts";
import { postgresGraphWrites } from "./postgres-graph-writes.ts";

/**
 * The embedded graph store: adjacency tables in the service's own `graph_service` schema (PGlite or
 * PostgreSQL). Writes pass their transaction to `record`, so outbox rows commit with the edges.
 */
export function createPostgresGraphStore(db: Database): GraphStore {
  return {
    kind: "postgres",
    ...postgresGraphWrites(db),
    ...postgresGraphReads(db),
    async ping() {
      await db.execute(sql`select 1 from graph_service.follows limit 1`);
    },
    // The database handle belongs to the service context, which closes it.
    async close() {},
  };
}
