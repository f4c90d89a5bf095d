import { afterAll, describe, expect, test } from "bun:test";
import { ConnectError } from "@connectrpc/connect";
import { type CacheStore, createEmbeddedCacheStore } from "@nova/cache";
import { UnavailableError } from "@nova/errors";
import { startTrustSafety, type TrustSafetyHarness } from "./support/ts-harness.ts";

// Two trust-safety instances (replicas: each its own process state and database) on ONE cache: the
// spam memory (velocity, near-duplicates) is the cache's, so writes alternated between them count
// together, and a new instance (a restart) remembers.
const started: TrustSafetyHarness[] = [];
const caches: CacheStore[] = [];
afterAll(async () => {
  for (const h of started) await h.close();
  for (const c of caches) await c.close();
});

async function replicas(shared: boolean): Promise<[TrustSafetyHarness, TrustSafetyHarness]> {
  const one = createEmbeddedCacheStore();
  caches.push(one);
  const other = shared ? one : createEmbeddedCacheStore();
  if (!shared) caches.push(other);
  const a = await startTrustSafety({}, { cache: one });
  const b = await startTrustSafety({}, { cache: other });
  started.push(a, b);
  return [a, b];
}

const SPAM = "Win a free vacation to the islands, just click the link in my profile and share now";

/** Checks `texts[i]` by `accounts[i]` on replica a (even i) or b (odd i); the decisions and reason codes. */
async function alternate(
  [a, b]: [TrustSafetyHarness, TrustSafetyHarness],
  accounts: readonly string[],
  texts: readonly string[],
) {
  const out: { decision: string; reasonCode: string }[] = [];
  for (let i = 0; i < texts.length; i++) {
    const r = await (i % 2 === 0 ? a : b).tsRpc().check({
      accountId: accounts[i] as string,
      subjectType: "post",
      subjectId: crypto.randomUUID(),
      text: texts[i] as string,
    });
    out.push({ decision: r.decision, reasonCode: r.reasonCode });
  }
  return out;
}

const ids = (n: number) => Array.from({ length: n }, () => crypto.randomUUID());

describe("spam memory shared by replicas through the cache", () => {
  test("20 identical posts from 20 accounts alternated between two replicas: after TS_DUPLICATE_MAX (3) the rest are held", async () => {
    const pair = await replicas(true);
    const out = await alternate(pair, ids(20), Array(20).fill(SPAM));
    expect(out.slice(0, 3).map((o) => o.decision)).toEqual(["allow", "allow", "allow"]);
    expect(out.slice(3).every((o) => o.decision === "hold" && o.reasonCode === "near_duplicate")).toBe(true);
  });

  test("20 different posts by one account alternated: writes past TS_VELOCITY_PER_MINUTE (10) are held", async () => {
    const pair = await replicas(true);
    const account = crypto.randomUUID();
    const texts = Array.from(
      { length: 20 },
      (_, i) => `post ${i} about topic ${"abcdefghijklmnopqrstu"[i]} ${i * 31}`,
    );
    const out = await alternate(pair, Array(20).fill(account), texts);
    expect(out.slice(0, 10).map((o) => o.decision)).toEqual(Array(10).fill("allow"));
    expect(out.slice(10).every((o) => o.decision === "hold" && o.reasonCode === "velocity")).toBe(true);
  });

  test("the same writes on replicas with separate memories under-count (what the shared cache fixes)", async () => {
    const pair = await replicas(false);
    const account = crypto.randomUUID();
    const texts = Array.from(
      { length: 20 },
      (_, i) => `post ${i} about topic ${"abcdefghijklmnopqrstu"[i]} ${i * 31}`,
    );
    // Each replica sees 10 writes: never over the limit of 10.
    const out = await alternate(pair, Array(20).fill(account), texts);
    expect(out.every((o) => o.decision === "allow")).toBe(true);
  });

  test("a replica started later (a restart) remembers the wave", async () => {
    const cache = createEmbeddedCacheStore();
    caches.push(cache);
    const first = await startTrustSafety({}, { cache });
    started.push(first);
    await alternate([first, first], ids(3), Array(3).fill(`${SPAM} again`));
    await first.close();
    started.pop();
    const later = await startTrustSafety({}, { cache });
    started.push(later);
    const [out] = await alternate([later, later], ids(1), [`${SPAM} again`]);
    expect(out).toEqual({ decision: "hold", reasonCode: "near_duplicate" });
  });

  test("when the cache cannot be reached, Check fails unavailable (the writer's fail mode decides), never allows", async () => {
    const cache = createEmbeddedCacheStore();
    caches.push(cache);
    const down: CacheStore = Object.assign(Object.create(cache), {
      zlogAppend: async () => {
        throw new UnavailableError("cache unreachable (test)");
      },
    });
    const h = await startTrustSafety({}, { cache: down });
    started.push(h);
    const err = await h
      .tsRpc()
      .check({ accountId: crypto.randomUUID(), subjectType: "post", subjectId: "p", text: SPAM })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toContain("unavailable");
    // Profile fields are not spam-counted: they need no cache and are still checked.
    const bio = await h
      .tsRpc()
      .check({ accountId: crypto.randomUUID(), subjectType: "bio", subjectId: "b", text: "buy followers" });
    expect(bio.decision).toBe("reject");
  });
});
