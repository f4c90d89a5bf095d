import { describe, expect, test } from "bun:test";
import type { Registry } from "prom-client";
import { createCacheMetrics } from "../cache-metrics.ts";
import type { CacheStore } from "../cache-store.ts";
import { createInstanceCache } from "../instance-cache.ts";
import { createReadThrough } from "../read-through.ts";
import { createTwoLevelCache } from "../two-level-cache.ts";
import { sleep, waitFor } from "./wait-for.ts";

interface LayersFixture {
  store: CacheStore;
  ns: string;
  makePeer: () => Promise<CacheStore>;
  registry: Registry;
}

async function counterValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const hit = values.find((v) => Object.entries(labels).every(([l, x]) => v.labels[l] === x));
  return hit?.value ?? 0;
}

/** A deferred promise, so a test decides when a "slow" loader finishes instead of sleeping. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A batch loader that answers every key with `value` once `open()` is called (a load held in flight). */
function gatedLoader<V>(value: V) {
  const gate = deferred<void>();
  return {
    open: () => gate.resolve(),
    load: async (keys: string[]) => {
      await gate.promise;
      return new Map(keys.map((k) => [k, value]));
    },
  };
}

/** Read-through and two-level behaviour, run over each adapter by `describeCacheContract`. */
export function describeLayersContract(fixture: () => LayersFixture): void {
  describe("read-through (getOrLoad)", () => {
    test("loads once for concurrent callers, then serves hits; counts hits, misses and loads", async () => {
      const { store, ns, registry } = fixture();
      const metrics = createCacheMetrics(registry);
      const rt = createReadThrough({ store, name: "profiles", metrics });
      let calls = 0;
      const gate = deferred<void>();
      const loader = async () => {
        calls++;
        await gate.promise;
        return { id: "u1", name: "Ada" };
      };
      const pending = Array.from({ length: 10 }, () => rt.getOrLoad(`${ns}rt:u1`, loader, { ttlMs: 60_000 }));
      await sleep(20);
      gate.resolve();
      const results = await Promise.all(pending);
      expect(calls).toBe(1);
      expect(results.every((r) => r?.name === "Ada")).toBe(true);
      expect(await rt.getOrLoad(`${ns}rt:u1`, loader, { ttlMs: 60_000 })).toEqual({ id: "u1", name: "Ada" });
      expect(calls).toBe(1);
      expect(
        await counterValue(registry, "nova_cache_loads_total", { cache: "profiles", outcome: "ok" }),
      ).toBe(1);
      expect(
        await counterValue(registry, "nova_cache_requests_total", { cache: "profiles", result: "hit" }),
      ).toBe(1);
      expect(
        await counterValue(registry, "nova_cache_requests_total", { cache: "profiles", result: "miss" }),
      ).toBe(10);
    });

    test("remembers 'not found' for negativeTtl, then asks again", async () => {
      const { store, ns } = fixture();
      const rt = createReadThrough({ store, name: "neg" });
      let calls = 0;
      const loader = async () => {
        calls++;
        return undefined;
      };
      const opts = { ttlMs: 60_000, negativeTtlMs: 50 };
      expect(await rt.getOrLoad(`${ns}rt:missing`, loader, opts)).toBeUndefined();
      expect(await rt.getOrLoad(`${ns}rt:missing`, loader, opts)).toBeUndefined();
      expect(calls).toBe(1);
      await sleep(120);
      await rt.getOrLoad(`${ns}rt:missing`, loader, opts);
      expect(calls).toBe(2);
      // Without negativeTtl a miss is not remembered.
      await rt.getOrLoad(`${ns}rt:missing2`, loader, { ttlMs: 60_000 });
      await rt.getOrLoad(`${ns}rt:missing2`, loader, { ttlMs: 60_000 });
      expect(calls).toBe(4);
    });

    test("with a distributed lock, only one instance recomputes; the other waits for its result", async () => {
      const { store, ns, makePeer } = fixture();
      const peer = await makePeer();
      try {
        const lock = { ttlMs: 5_000, waitMs: 3_000, pollMs: 10 };
        const a = createReadThrough({ store, name: "locked", lock });
        const b = createReadThrough({ store: peer, name: "locked", lock });
        let calls = 0;
        const gate = deferred<void>();
        const loader = async () => {
          calls++;
          await gate.promise;
          return "computed";
        };
        const first = a.getOrLoad(`${ns}rt:locked`, loader, { ttlMs: 60_000 });
        await waitFor(() => calls === 1);
        const second = b.getOrLoad(`${ns}rt:locked`, loader, { ttlMs: 60_000 });
        await sleep(50);
        gate.resolve();
        expect(await Promise.all([first, second])).toEqual(["computed", "computed"]);
        expect(calls).toBe(1);
      } finally {
        if (peer !== store) await peer.close();
      }
    });

    test("serves stale while another instance holds the recompute lock, and stale-if-error", async () => {
      const { store, ns } = fixture();
      const key = `${ns}rt:stale`;
      const lock = { ttlMs: 5_000, waitMs: 100, pollMs: 10 };
      const rt = createReadThrough({ store, name: "stale", lock });
      await rt.getOrLoad(key, async () => "v1", { ttlMs: 30, staleTtlMs: 60_000 });
      await sleep(80);
      const holder = await store.acquireLock(`${key}:lock`, 5_000);
      let calls = 0;
      const loader = async () => {
        calls++;
        return "v2";
      };
      expect(await rt.getOrLoad(key, loader, { ttlMs: 30, staleTtlMs: 60_000 })).toBe("v1");
      expect(calls).toBe(0);
      await store.releaseLock(`${key}:lock`, holder as string);
      const failing = async (): Promise<string> => {
        throw new Error("database down");
      };
      expect(await rt.getOrLoad(key, failing, { ttlMs: 30, staleTtlMs: 60_000 })).toBe("v1");
      expect(await rt.getOrLoad(key, loader, { ttlMs: 60_000 })).toBe("v2");
      await expect(rt.getOrLoad(`${ns}rt:never`, failing, { ttlMs: 60_000 })).rejects.toThrow(
        "database down",
      );
    });
  });

  describe("two-level cache invalidation", () => {
    test("invalidate(key) on one instance drops the other's local copy", async () => {
      const { store, ns, makePeer, registry } = fixture();
      const peer = await makePeer();
      const metrics = createCacheMetrics(registry);
      const a = await createTwoLevelCache({ store, name: "tl", metrics, instanceId: "a" });
      const b = await createTwoLevelCache({ store: peer, name: "tl", metrics, instanceId: "b" });
      try {
        const key = `${ns}tl:profile:1`;
        let source = "v1";
        const loader = async () => source;
        const opts = { ttlMs: 60_000 };
        expect(await a.getOrLoad(key, loader, opts)).toBe("v1");
        expect(await b.getOrLoad(key, loader, opts)).toBe("v1");
        source = "v2";
        // The shared entry is gone but b still answers from its local tier: it has to be told.
        await store.delete(key);
        expect(await b.getOrLoad(key, loader, opts)).toBe("v1");
        expect(b.localSize).toBe(1);
        await a.invalidate(key);
        expect(await waitFor(() => b.localSize === 0)).toBe(true);
        expect(await b.getOrLoad(key, loader, opts)).toBe("v2");
        expect(await a.getOrLoad(key, loader, opts)).toBe("v2");
        expect(
          await counterValue(registry, "nova_cache_invalidations_total", { cache: "tl", origin: "peer" }),
        ).toBeGreaterThanOrEqual(1);
      } finally {
        await a.close();
        await b.close();
        if (peer !== store) await peer.close();
      }
    });

    test("invalidate({ prefix }) and set() reach every instance", async () => {
      const { store, ns, makePeer } = fixture();
      const peer = await makePeer();
      const a = await createTwoLevelCache({ store, name: "tl2" });
      const b = await createTwoLevelCache({ store: peer, name: "tl2" });
      try {
        const opts = { ttlMs: 60_000 };
        let version = 1;
        const loader = async () => `v${version}`;
        for (const id of ["1", "2"]) await b.getOrLoad(`${ns}tl2:user:${id}:profile`, loader, opts);
        await b.getOrLoad(`${ns}tl2:other`, loader, opts);
        expect(b.localSize).toBe(3);
        version = 2;
        await a.invalidate({ prefix: `${ns}tl2:user:` });
        expect(await waitFor(() => b.localSize === 1)).toBe(true);
        expect(await b.getOrLoad(`${ns}tl2:user:1:profile`, loader, opts)).toBe("v2");
        expect(await b.getOrLoad(`${ns}tl2:other`, loader, opts)).toBe("v1");
        await a.set(`${ns}tl2:other`, "written", opts);
        expect(
          await waitFor(async () => (await b.getOrLoad(`${ns}tl2:other`, loader, opts)) === "written"),
        ).toBe(true);
      } finally {
        await a.close();
        await b.close();
        if (peer !== store) await peer.close();
      }
    });

    test("getManyOrLoad: one load for what no tier holds, one shared read, no invalidation traffic", async () => {
      const { store, ns, makePeer, registry } = fixture();
      const peer = await makePeer();
      const metrics = createCacheMetrics(registry);
      const a = await createTwoLevelCache({ store, name: "tlm", metrics, instanceId: "a" });
      const b = await createTwoLevelCache({ store: peer, name: "tlm", metrics, instanceId: "b" });
      try {
        const key = (id: string) => `${ns}tlm:${id}`;
        const source = new Map([
          [key("1"), "one"],
          [key("2"), "two"],
        ]);
        const asked: string[][] = [];
        const loader = async (keys: string[]) => {
          asked.push([...keys].sort());
          return new Map(keys.flatMap((k) => (source.has(k) ? [[k, source.get(k) as string] as const] : [])));
        };
        const opts = { ttlMs: 60_000 };
        const first = await a.getManyOrLoad([key("1"), key("2"), key("3"), key("1")], loader, opts);
        expect([...first]).toEqual([
          [key("1"), "one"],
          [key("2"), "two"],
          [key("3"), undefined],
        ]);
        expect(asked).toEqual([[key("1"), key("2"), key("3")]]);
        // a's local tier answers what was found; the not-found key (no negativeTtl) is asked again.
        source.set(key("1"), "changed at the source");
        expect([...(await a.getManyOrLoad([key("1"), key("3")], loader, opts))]).toEqual([
          [key("1"), "one"],
          [key("3"), undefined],
        ]);
        expect(asked.at(-1)).toEqual([key("3")]);
        // Another instance reads the shared tier (one MGET) and loads nothing.
        const before = asked.length;
        expect((await b.getManyOrLoad([key("1"), key("2")], loader, opts)).get(key("2"))).toBe("two");
        expect(asked.length).toBe(before);
        expect(b.localSize).toBe(2);
        // A fill published nothing: no instance counted an invalidation from a peer.
        expect(
          await counterValue(registry, "nova_cache_invalidations_total", { cache: "tlm", origin: "peer" }),
        ).toBe(0);
        // invalidate() still reaches the batch's entries on every instance.
        await a.invalidate(key("1"));
        expect(await waitFor(() => b.localSize === 1)).toBe(true);
        expect((await b.getManyOrLoad([key("1"), key("2")], loader, opts)).get(key("1"))).toBe(
          "changed at the source",
        );
        expect(asked.at(-1)).toEqual([key("1")]);
        // With negativeTtlMs a not-found key is remembered.
        const n = asked.length;
        await a.getManyOrLoad([key("4")], loader, { ...opts, negativeTtlMs: 60_000 });
        expect((await b.getManyOrLoad([key("4")], loader, opts)).get(key("4"))).toBeUndefined();
        expect(asked.length).toBe(n + 1);
        await expect(a.getManyOrLoad([key("5")], loader, { ttlMs: 0 })).rejects.toThrow("ttlMs");
        // A load in flight when an invalidation arrives answers, but caches nothing: its value may
        // predate the change (a block written while a relationship check read the old row).
        const held = gatedLoader("read before the change");
        const slow = a.getManyOrLoad([key("6")], held.load, opts);
        await a.invalidate(key("6"));
        held.open();
        expect((await slow).get(key("6"))).toBe("read before the change");
        expect(await store.get(key("6"))).toBeUndefined();
        expect(
          (
            await a.getManyOrLoad([key("6")], async (keys) => new Map(keys.map((k) => [k, "after"])), opts)
          ).get(key("6")),
        ).toBe("after");
        // An invalidation of another key during a load (the channel carries every service's) does
        // not keep the batch out of the cache.
        const unrelated = gatedLoader("seven");
        const other = a.getManyOrLoad([key("7")], unrelated.load, opts);
        await a.invalidate(key("8"));
        unrelated.open();
        await other;
        expect(await store.get(key("7"))).toMatchObject({ v: "seven" });
      } finally {
        await a.close();
        await b.close();
        if (peer !== store) await peer.close();
      }
    });
  });

  describe("instance cache", () => {
    test("holds objects per instance, loads misses in one call, remembers not-found, invalidates everywhere", async () => {
      const { store, ns, makePeer, registry } = fixture();
      const peer = await makePeer();
      const metrics = createCacheMetrics(registry);
      const now = { t: 1_000 };
      const options = {
        name: "ic",
        maxEntries: 100,
        ttlMs: 1_000,
        negativeTtlMs: 500,
        metrics,
        now: () => now.t,
      };
      const a = await createInstanceCache<{ v: string }>({ ...options, store, instanceId: "a" });
      const b = await createInstanceCache<{ v: string }>({ ...options, store: peer, instanceId: "b" });
      try {
        const key = (id: string) => `${ns}ic:author-1:${id}`;
        const source = new Map([
          [key("1"), { v: "one" }],
          [key("2"), { v: "two" }],
        ]);
        const asked: string[][] = [];
        const loader = async (keys: string[]) => {
          asked.push([...keys].sort());
          return new Map(
            keys.flatMap((k) => (source.has(k) ? [[k, source.get(k) as { v: string }] as const] : [])),
          );
        };
        const first = await a.getMany([key("1"), key("2"), key("3"), key("1")], loader);
        expect([...first]).toEqual([
          [key("1"), { v: "one" }],
          [key("2"), { v: "two" }],
          [key("3"), undefined],
        ]);
        expect(asked).toEqual([[key("1"), key("2"), key("3")]]);
        // Held as the same object, and "not found" is remembered: nothing is asked again.
        const again = await a.getMany([key("1"), key("3")], loader);
        expect(again.get(key("1"))).toBe(first.get(key("1")) as { v: string });
        expect(asked.length).toBe(1);
        expect(a.size).toBe(3);
        // No shared tier: the other instance loads for itself.
        await b.getMany([key("1"), key("2")], loader);
        expect(asked.at(-1)).toEqual([key("1"), key("2")]);
        // Not-found expires before found values do.
        now.t += 600;
        await a.getMany([key("1"), key("3")], loader);
        expect(asked.at(-1)).toEqual([key("3")]);
        // A key invalidated on a reaches b; a prefix drops every key under it.
        source.set(key("1"), { v: "changed" });
        await a.invalidate(key("1"));
        expect(await waitFor(() => b.size === 1)).toBe(true);
        expect((await b.getMany([key("1")], loader)).get(key("1"))).toEqual({ v: "changed" });
        await b.invalidate({ prefix: `${ns}ic:author-1:` });
        expect(b.size).toBe(0);
        expect(await waitFor(() => a.size === 0)).toBe(true);
        expect(
          await counterValue(registry, "nova_cache_invalidations_total", { cache: "ic", origin: "peer" }),
        ).toBeGreaterThanOrEqual(2);
        // Found values expire after ttlMs.
        await a.getMany([key("2")], loader);
        now.t += 1_001;
        const n = asked.length;
        await a.getMany([key("2")], loader);
        expect(asked.length).toBe(n + 1);
        // Waits until `a` has received `n` invalidations from its peer.
        const peerInvalidationsReach = (n: number) =>
          waitFor(
            async () =>
              (await counterValue(registry, "nova_cache_invalidations_total", {
                cache: "ic",
                origin: "peer",
              })) >= n,
          );
        // A load in flight when an invalidation arrives answers but is not kept.
        const held = gatedLoader({ v: "read before the change" });
        const slow = a.getMany([key("9")], held.load);
        await b.invalidate(key("9"));
        expect(await peerInvalidationsReach(3)).toBe(true);
        held.open();
        expect((await slow).get(key("9"))).toEqual({ v: "read before the change" });
        // Invalidations of other keys during a load (the channel carries every service's) do not
        // stop it from being kept.
        const unrelated = gatedLoader({ v: "ten" });
        const other = a.getMany([key("10")], unrelated.load);
        await b.invalidate(key("11"));
        await b.invalidate({ prefix: `${ns}ic:author-2:` });
        expect(await peerInvalidationsReach(5)).toBe(true);
        unrelated.open();
        await other;
        const before10 = asked.length;
        expect((await a.getMany([key("10")], loader)).get(key("10"))).toEqual({ v: "ten" });
        expect(asked.length).toBe(before10);
        expect(
          (await a.getMany([key("9")], async (keys) => new Map(keys.map((k) => [k, { v: "after" }])))).get(
            key("9"),
          ),
        ).toEqual({ v: "after" });
        await expect(createInstanceCache({ ...options, store, ttlMs: 0 })).rejects.toThrow("ttlMs");
      } finally {
        await a.close();
        await b.close();
        if (peer !== store) await peer.close();
      }
    });
  });
}
