import { createRedisCacheStore } from "@nova/cache";
import { describeRateLimitContract } from "../src/testing/index.ts";

// Fails (never skips) without REDIS_URL: the infra tier must prove the limiter on real Redis.
function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set; the Redis rate-limit contract needs a real Redis");
  return url;
}

describeRateLimitContract("Redis", () =>
  createRedisCacheStore({ url: redisUrl(), size: 2, connectionName: "rate-limit-test" }),
);
