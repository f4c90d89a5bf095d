import type { PostHit, PostQuery, QueryAudience } from "../db/post-search-queries.ts";
import type { UserHit } from "../db/user-search-queries.ts";

/** Rows whose engine copy must follow the projection (after the change committed). */
export interface Touched {
  documents: string[];
  accounts: string[];
}

export const NOTHING_TOUCHED: Touched = { documents: [], accounts: [] };

/**
 * Where people and post queries run. The projection (search_service tables) is the source of
 * truth and is always PostgreSQL/PGlite; the embedded engine queries it directly, Elasticsearch
 * holds a copy fed by `sync` after each applied event. Hashtags, trends and recent searches are
 * answered from the projection by either.
 */
export interface SearchEngine {
  readonly name: "postgres" | "elasticsearch";
  sync(touched: Touched): Promise<void>;
  searchUsers(q: string, audience: QueryAudience, limit: number, offset: number): Promise<UserHit[]>;
  suggestUsers(q: string, audience: QueryAudience, limit: number): Promise<UserHit[]>;
  searchPosts(q: PostQuery, audience: QueryAudience): Promise<PostHit[]>;
  /**
   * Rebuilds the engine's copy of the projection with no downtime (`bun run search:reindex`, once the
   * projection itself was rebuilt from the owners); nothing to do for the embedded engine.
   */
  rebuild(): Promise<Record<string, number>>;
  close(): Promise<void>;
}
