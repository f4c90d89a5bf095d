import type { CacheStore } from "./cache-store.ts";
import { createEmbeddedCacheStore } from "./embedded/create-embedded-cache-store.ts";
import { createRedisCacheStore } from "./redis/create-redis-cache-store.ts";

/** Chooses the adapter the way the guide does: REDIS_URL set → Redis, unset → embedded. */
export async function createCacheStore(options: {
  redisUrl?: string;
  /** REDIS_POOL_SIZE */
  redisPoolSize?: number;
  /** Shown in Redis CLIENT LIST, e.g. the service name. */
  connectionName?: string;
}): Promise<CacheStore> {
  if (!options.redisUrl) return createEmbeddedCacheStore();
  return createRedisCacheStore({
    url: options.redisUrl,
    ...(options.redisPoolSize !== undefined && { size: options.redisPoolSize }),
    ...(options.connectionName !== undefined && { connectionName: options.connectionName }),
  });
}
