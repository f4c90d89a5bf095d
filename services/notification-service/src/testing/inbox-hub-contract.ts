import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { CacheStore } from "@nova/cache";
import { RateLimitedError } from "@nova/errors";
import { createStreamCap } from "@nova/rate-limit";
import { createInboxHub, type InboxChange, type InboxHub } from "../live/inbox-hub.ts";

/** Resolves with the next change of a watch, or rejects after `ms`. */
async function nextWithin(watch: AsyncIterator<InboxChange>, ms = 3_000): Promise<InboxChange> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no change within ${ms} ms`)), ms);
  });
  try {
    const r = await Promise.race([watch.next(), timeout]);
    if (r.done) throw new Error("watch ended");
    return r.value;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The inbox hub over one cache store kind: two hubs (two service instances), each on its own store
 * connection to the same cache (`makeStores` returns both; the embedded twin shares one object).
 * Run on the embedded store in `bun run test` and on Redis in `bun run test:infra`.
 */
export function describeInboxHubContract(name: string, makeStores: () => Promise<[CacheStore, CacheStore]>) {
  describe(`inbox hub contract (${name})`, () => {
    let stores: [CacheStore, CacheStore];
    let a: InboxHub;
    let b: InboxHub;
    const prefix = `nova:notification-test:${crypto.randomUUID().slice(0, 8)}:`;
    beforeAll(async () => {
      stores = await makeStores();
      const cap = (store: CacheStore) => createStreamCap({ store, prefix, limit: 2 });
      a = createInboxHub({ store: stores[0], perAccount: cap(stores[0]) });
      b = createInboxHub({ store: stores[1], perAccount: cap(stores[1]) });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      for (const s of new Set(stores ?? [])) await s.close();
    });

    test("a change announced on one instance reaches the account's watch on the other, and only that account's", async () => {
      const alice = crypto.randomUUID();
      const bob = crypto.randomUUID();
      const watchAlice = await b.open(alice);
      const watchBob = await b.open(bob);
      await a.announce({ accountId: alice, groupKey: "like:post:1", id: "n1" });
      expect(await nextWithin(watchAlice)).toEqual({ accountId: alice, groupKey: "like:post:1", id: "n1" });
      await a.announce({ accountId: bob, groupKey: "follow:2026-12-07" });
      expect((await nextWithin(watchBob)).groupKey).toBe("follow:2026-12-07");
      watchAlice.end();
      watchBob.end();
    });

    test("the per-account stream cap holds across instances and frees a place when a watch ends", async () => {
      const carol = crypto.randomUUID();
      const w1 = await a.open(carol);
      const w2 = await b.open(carol);
      await expect(a.open(carol)).rejects.toBeInstanceOf(RateLimitedError);
      w1.end();
      let w3: Awaited<ReturnType<InboxHub["open"]>> | undefined;
      for (let i = 0; i < 100 && !w3; i++) {
        w3 = await b.open(carol).catch(() => undefined);
        if (!w3) await new Promise((r) => setTimeout(r, 20));
      }
      expect(w3).toBeDefined();
      w2.end();
      w3?.end();
    });
  });
}
