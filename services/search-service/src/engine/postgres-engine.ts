import type { Database } from "@nova/db";
import { searchPostRows } from "../db/post-search-queries.ts";
import { searchUserRows, suggestUserRows } from "../db/user-search-queries.ts";
import type { SearchEngine } from "./search-engine.ts";

/** The embedded default: PostgreSQL full-text search and pg_trgm over the projection itself. */
export function createPostgresEngine(db: Database): SearchEngine {
  return {
    name: "postgres",
    sync: async () => undefined,
    searchUsers: (q, audience, limit, offset) => searchUserRows(db, q, audience, limit, offset),
    suggestUsers: (q, audience, limit) => suggestUserRows(db, q, audience, limit),
    searchPosts: (q, audience) => searchPostRows(db, q, audience),
    // The projection is this engine's index: the reindex's table swap already rebuilt it.
    rebuild: async () => ({}),
    close: async () => undefined,
  };
}
