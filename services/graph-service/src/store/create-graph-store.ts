import type { Database } from "@nova/db";
import type { ServiceConfig } from "../config.ts";
import type { GraphStore } from "./graph-store.ts";
import { createNeo4jGraphStore } from "./neo4j/create-neo4j-graph-store.ts";
import { createPostgresGraphStore } from "./postgres/create-postgres-graph-store.ts";

/** NEO4J_URI set → Neo4j (fails fast when unreachable); unset → adjacency tables in the service's database. */
export function createGraphStore(config: ServiceConfig, db: Database): Promise<GraphStore> {
  const { uri, user, password } = config.neo4j;
  if (uri) return createNeo4jGraphStore({ uri, user, password });
  return Promise.resolve(createPostgresGraphStore(db));
}
