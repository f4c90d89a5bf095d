import { createEmbeddedCacheStore, createInstanceCache } from "@nova/cache";
import type { Post } from "@nova/proto/content/v1";
import { createTestDatabase } from "@nova/testing";
import { limitedAccounts } from "../db/schema/index.ts";

/**
 * The real stores a read-path unit test builds its fake context around: an embedded cache, feed's
 * database (PGlite with feed's migrations: the limited accounts) and the held public posts.
 * `reset` empties them between tests.
 */
export async function createReadTestStores(name: string) {
  const cache = createEmbeddedCacheStore();
  const db = await createTestDatabase({ services: ["feed-service"] });
  const publicPosts = await createInstanceCache<Post>({
    store: cache,
    name,
    maxEntries: 1000,
    ttlMs: 60_000,
  });
  const reset = async () => {
    await db.db.delete(limitedAccounts);
    await cache.deleteByPrefix("feed:");
    await publicPosts.invalidate({ prefix: "feed:" });
  };
  return { cache, db, publicPosts, reset };
}
