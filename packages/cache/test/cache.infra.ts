import { describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
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

describe("Redis adapter: lost connections", () => {
  test("commands and subscriptions come back after the server drops every connection", async () => {
    const url = redisUrl();
    const name = `cache-reconnect-${crypto.randomUUID().slice(0, 8)}`;
    const store = await createRedisCacheStore({ url, size: 2, connectionName: name });
    const admin = await createRedisCacheStore({ url, size: 1, connectionName: `${name}-admin` });
    const admin2 = new RedisClient(url);
    try {
      const got: string[] = [];
      const channel = `nova:test:${name}`;
      await store.subscribe(channel, (m) => got.push(m));
      await store.set(`${channel}:k`, "v1", { ttlMs: 60_000 });
      const clients = ((await admin2.send("CLIENT", ["LIST"])) as string)
        .split("\n")
        .filter((l) => l.includes(`name=${name}:`))
        .map((l) => /id=(\d+)/.exec(l)?.[1] as string);
      expect(clients.length).toBe(3); // two command connections and the subscriber
      for (const id of clients) await admin2.send("CLIENT", ["KILL", "ID", id]);
      expect(await store.get(`${channel}:k`)).toBe("v1");
      // The subscription is renewed once the subscriber is back: a message arrives, exactly once.
      let delivered = false;
      for (let i = 0; i < 30 && !delivered; i++) {
        await admin.publish(channel, `m${i}`);
        await Bun.sleep(100);
        delivered = got.length > 0;
      }
      expect(delivered).toBe(true);
      const before = got.length;
      await admin.publish(channel, "once");
      await Bun.sleep(200);
      expect(got.slice(before)).toEqual(["once"]);
      await store.delete(`${channel}:k`);
    } finally {
      await store.close();
      await admin.close();
      admin2.close();
    }
  });
});
