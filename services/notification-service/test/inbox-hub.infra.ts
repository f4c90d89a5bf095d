import { createRedisCacheStore } from "@nova/cache";
import { describeInboxHubContract } from "../src/testing/inbox-hub-contract.ts";

// Fails (never skips) without REDIS_URL: the infra tier proves live updates across instances on Redis.
function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set; the inbox hub contract needs a real Redis");
  return url;
}

describeInboxHubContract("redis", async () => [
  await createRedisCacheStore({ url: redisUrl(), size: 2, connectionName: "notification-hub-a" }),
  await createRedisCacheStore({ url: redisUrl(), size: 2, connectionName: "notification-hub-b" }),
]);
