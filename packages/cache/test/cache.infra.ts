import { createRedisCacheStore } from "../src/index.ts";
import { describeCacheContract } from "../src/testing/index.ts";

// Fails (never skips) without REDIS_URL: the infra tier must prove the Redis adapter.
function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set; the Redis cache contract needs a real Redis");
  return url;
}

const size = Number(process.env.REDIS_POOL_SIZE ?? 4);

describeCacheContract(
  "redis",
  () => createRedisCacheStore({ url: redisUrl(), size, connectionName: "cache-test" }),
  {
    // A separate pool and subscriber: another service instance talking to the same Redis.
    makePeer: () => createRedisCacheStore({ url: redisUrl(), size: 2, connectionName: "cache-test-peer" }),
  },
);
