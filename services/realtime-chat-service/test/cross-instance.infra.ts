import { createRedisCacheStore } from "@nova/cache";
import { crossInstanceSuite } from "./support/cross-instance-suite.ts";

// Fails (never skips) without REDIS_URL: the infra tier must prove delivery over real Redis pub/sub.
crossInstanceSuite({
  database: "postgres",
  cache: async () => {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error("REDIS_URL is not set; chat's cross-instance delivery needs a real Redis");
    return createRedisCacheStore({ url });
  },
});
