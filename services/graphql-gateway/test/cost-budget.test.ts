import { describe, expect, test } from "bun:test";
import { type CacheStore, createCacheStore } from "@nova/cache";
import { createCostBudget } from "../src/graphql/index.ts";

const limits = { perAccountPerMinute: 100, perIpPerMinute: 50 };
const clock = () => Date.UTC(2026, 0, 1, 12, 0, 10);
const minuteKey = (subject: string) => `nova:graphql-gateway:cost:${subject}:${Math.floor(clock() / 60_000)}`;

/** A store that counts its incrBy round trips. */
function counting(store: CacheStore) {
  const calls: number[] = [];
  const wrapped: CacheStore = Object.assign(Object.create(store), {
    incrBy: (key: string, by: number, o?: { ttlMs?: number }) => {
      calls.push(by);
      return store.incrBy(key, by, o);
    },
  });
  return { store: wrapped, calls };
}

const outcomes = (results: PromiseSettledResult<void>[]) =>
  results.map((r) =>
    r.status === "fulfilled" ? "ok" : (r.reason as { extensions?: { code?: string } }).extensions?.code,
  );

describe("cost budget", () => {
  test("a burst from one caller is charged in arrival order exactly as one by one, in fewer round trips", async () => {
    const base = await createCacheStore({});
    const { store, calls } = counting(base);
    const budget = createCostBudget({ store, limits, now: clock });
    // 10 + 30 + 70 (refused: 110 > 100) + 60 (100 ≤ 100: admitted) + 1 (refused).
    const results = await Promise.allSettled(
      [10, 30, 70, 60, 1].map((cost) => budget.charge(cost, { accountId: "a1" })),
    );
    expect(outcomes(results)).toEqual(["ok", "ok", "RATE_LIMITED", "ok", "RATE_LIMITED"]);
    expect(await base.get(minuteKey("account:a1"))).toBe(100);
    // The first charge alone, the four that waited as one sum, and one refund of the refused ones.
    expect(calls).toEqual([10, 161, -71]);
  });

  test("two replicas on one store never admit more than the limit together", async () => {
    const store = await createCacheStore({});
    const a = createCostBudget({ store, limits, now: clock });
    const b = createCostBudget({ store, limits, now: clock });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).charge(7, { ip: "198.51.100.7" })),
    );
    const admitted = outcomes(results).filter((o) => o === "ok").length;
    expect(admitted).toBe(7); // 7 × 7 = 49 ≤ 50, an 8th would be 56
    expect(await store.get(minuteKey("ip:198.51.100.7"))).toBe(49);
  });

  test("a refusal carries 429 and Retry-After; other callers are unaffected", async () => {
    const store = await createCacheStore({});
    const budget = createCostBudget({ store, limits, now: clock });
    await budget.charge(100, { accountId: "a2" });
    const refused = await budget.charge(1, { accountId: "a2" }).catch((e) => e);
    expect(refused.extensions.code).toBe("RATE_LIMITED");
    expect(refused.extensions.http).toEqual({ status: 429, headers: { "retry-after": "50" } });
    await budget.charge(100, { accountId: "a3" });
  });

  test("a cache failure lets the burst through and is reported", async () => {
    const errors: unknown[] = [];
    const store = Object.assign(Object.create(await createCacheStore({})), {
      incrBy: async () => {
        throw new Error("redis down");
      },
    }) as CacheStore;
    const budget = createCostBudget({ store, limits, now: clock, onError: (e) => errors.push(e) });
    await Promise.all([1, 2, 3].map((cost) => budget.charge(cost, { accountId: "a4" })));
    expect(errors.length).toBeGreaterThan(0);
  });
});
