import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FailedPreconditionError, InvalidArgumentError } from "@nova/errors";
import { Registry } from "prom-client";
import type { CacheStore } from "../cache-store.ts";
import { describeLayersContract } from "./layers-contract.ts";
import { sleep, waitFor } from "./wait-for.ts";

export interface CacheContractOptions {
  /** A second adapter over the same backend (another "instance"); used by the cross-instance tests. */
  makePeer: (first: CacheStore) => Promise<CacheStore>;
}

/**
 * The behaviour every CacheStore adapter must share. All keys live under a random per-run prefix
 * that is deleted afterwards, so the suite can run against a shared Redis database.
 */
export function describeCacheContract(
  label: string,
  makeAdapter: () => Promise<CacheStore>,
  options: CacheContractOptions,
): void {
  describe(`CacheStore contract: ${label}`, () => {
    let store: CacheStore;
    const ns = `nova:test:${crypto.randomUUID()}:`;
    const k = (name: string) => ns + name;

    beforeAll(async () => {
      store = await makeAdapter();
    });
    afterAll(async () => {
      await store?.deleteByPrefix(ns);
      await store?.close();
    });

    test("round-trips JSON values and returns copies", async () => {
      const value = { id: "p1", tags: ["a", "b"], n: 3.5, ok: true, none: null };
      await store.set(k("json"), value);
      const read = await store.get<typeof value>(k("json"));
      expect(read).toEqual(value);
      (read as typeof value).tags.push("mutated");
      expect(await store.get(k("json"))).toEqual(value);
      for (const v of [0, "text", false, null, [1, [2]]]) {
        await store.set(k("scalar"), v);
        expect(await store.get(k("scalar"))).toEqual(v);
      }
      expect(await store.get(k("absent"))).toBeUndefined();
    });

    test("rejects bad keys and values with InvalidArgumentError before any I/O", async () => {
      await expect(store.get("")).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.set(k("bad"), undefined)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.set(k("bad"), { n: 1n })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.set(k("bad"), 1, { ttlMs: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.incrBy(k("bad"), 1.5)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.zadd(k("bad"), [{ member: "m", score: Number.NaN }])).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      expect(await store.get(k("bad"))).toBeUndefined();
    });

    test("expires values after their TTL, and a plain set clears the TTL", async () => {
      await store.set(k("short"), "v", { ttlMs: 40 });
      await store.set(k("long"), "v", { ttlMs: 60_000 });
      const ttl = await store.ttl(k("long"));
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await sleep(120);
      expect(await store.get(k("short"))).toBeUndefined();
      expect(await store.ttl(k("short"))).toBeUndefined();
      expect(await store.get(k("long"))).toBe("v");
      await store.set(k("long"), "w");
      expect(await store.ttl(k("long"))).toBe(Number.POSITIVE_INFINITY);
    });

    test("mget answers in key order with gaps; mset writes all with one TTL", async () => {
      await store.mset(
        [
          [k("m1"), { a: 1 }],
          [k("m2"), "two"],
        ],
        { ttlMs: 60_000 },
      );
      expect(await store.mget([k("m2"), k("missing"), k("m1")])).toEqual(["two", undefined, { a: 1 }]);
      expect(await store.ttl(k("m1"))).toBeGreaterThan(0);
      expect(await store.mget([])).toEqual([]);
    });

    test("delete counts existing keys; deleteByPrefix matches literally and only the prefix", async () => {
      await store.mset([
        [k("del:1"), 1],
        [k("del:2"), 2],
        [k("dex"), 3],
        [k("g*[x]?:1"), 4],
        [k("g-other"), 5],
      ]);
      expect(await store.delete(k("del:1"), k("nope"))).toBe(1);
      expect(await store.deleteByPrefix(k("del:"))).toBe(1);
      expect(await store.get(k("dex"))).toBe(3);
      // Glob metacharacters in the prefix must not widen the match.
      expect(await store.deleteByPrefix(k("g*[x]?"))).toBe(1);
      expect(await store.get(k("g-other"))).toBe(5);
    });

    test("incr/incrBy count from zero and apply a TTL only when the counter has none", async () => {
      expect(await store.incr(k("c"), { ttlMs: 60_000 })).toBe(1);
      expect(await store.incrBy(k("c"), 41, { ttlMs: 1_000 })).toBe(42);
      expect(await store.ttl(k("c"))).toBeGreaterThan(1_000);
      expect(await store.incrBy(k("c"), -50)).toBe(-8);
      expect(await store.get(k("c"))).toBe(-8);
      expect(await store.incr(k("plain"))).toBe(1);
      expect(await store.ttl(k("plain"))).toBe(Number.POSITIVE_INFINITY);
    });

    test("type mismatches raise FailedPreconditionError", async () => {
      await store.set(k("str"), "not a number");
      await expect(store.incr(k("str"))).rejects.toBeInstanceOf(FailedPreconditionError);
      await store.zadd(k("zs"), [{ member: "a", score: 1 }]);
      await expect(store.get(k("zs"))).rejects.toBeInstanceOf(FailedPreconditionError);
      await expect(store.incr(k("zs"))).rejects.toBeInstanceOf(FailedPreconditionError);
      await expect(store.zadd(k("str"), [{ member: "a", score: 1 }])).rejects.toBeInstanceOf(
        FailedPreconditionError,
      );
    });

    test("sorted sets order by score desc, ties by member desc (byte order), like Redis", async () => {
      const key = k("timeline");
      expect(
        await store.zadd(key, [
          { member: "post-b", score: 20 },
          { member: "post-a", score: 20 },
          { member: "post-c", score: 10 },
          { member: "post-d", score: 30 },
          { member: "\u{1F600}", score: 5 },
          { member: "\uFFFF", score: 5 },
        ]),
      ).toBe(6);
      // Re-scoring is not an addition.
      expect(await store.zadd(key, [{ member: "post-c", score: 25 }])).toBe(0);
      expect(await store.zcard(key)).toBe(6);
      const all = await store.zrevrange(key, { limit: 10 });
      expect(all.map((m) => m.member)).toEqual([
        "post-d",
        "post-c",
        "post-b",
        "post-a",
        "\u{1F600}",
        "\uFFFF",
      ]);
      expect(all[0]).toEqual({ member: "post-d", score: 30 });
      expect((await store.zrevrange(key, { limit: 2, offset: 1 })).map((m) => m.member)).toEqual([
        "post-c",
        "post-b",
      ]);
    });

    test("sorted sets page by score with an exclusive cursor, limit and offset", async () => {
      const key = k("cursor");
      await store.zadd(
        key,
        Array.from({ length: 10 }, (_, i) => ({ member: `p${i}`, score: 1_700_000_000_000 + i * 1000 })),
      );
      const page1 = await store.zrevrange(key, { limit: 3, maxScore: Number.POSITIVE_INFINITY });
      expect(page1.map((m) => m.member)).toEqual(["p9", "p8", "p7"]);
      const cursor = (page1.at(-1) as { score: number }).score;
      const page2 = await store.zrevrange(key, { limit: 3, maxScore: cursor, exclusiveMax: true });
      expect(page2.map((m) => m.member)).toEqual(["p6", "p5", "p4"]);
      const inclusive = await store.zrevrange(key, { limit: 2, maxScore: cursor });
      expect(inclusive.map((m) => m.member)).toEqual(["p7", "p6"]);
      const bounded = await store.zrevrange(key, {
        limit: 10,
        offset: 1,
        maxScore: 1_700_000_005_000,
        minScore: 1_700_000_002_000,
      });
      expect(bounded.map((m) => m.member)).toEqual(["p4", "p3", "p2"]);
      expect(await store.zrevrange(k("no-such-set"), { limit: 5 })).toEqual([]);
    });

    test("zrem and ztrim keep the newest N; an emptied set disappears", async () => {
      const key = k("trim");
      await store.zadd(
        key,
        Array.from({ length: 8 }, (_, i) => ({ member: `m${i}`, score: i })),
      );
      expect(await store.zrem(key, "m7", "absent")).toBe(1);
      expect(await store.ztrim(key, 3)).toBe(4);
      expect((await store.zrevrange(key, { limit: 10 })).map((m) => m.member)).toEqual(["m6", "m5", "m4"]);
      expect(await store.ztrim(key, 5)).toBe(0);
      expect(await store.ztrim(key, 0)).toBe(3);
      expect(await store.zcard(key)).toBe(0);
      expect(await store.get(key)).toBeUndefined();
    });

    test("zaddEach adds to every set and trims each; zremEach removes from every set", async () => {
      const [a, b] = [k("each-a"), k("each-b")];
      await store.zadd(a, [
        { member: "old1", score: 1 },
        { member: "old2", score: 2 },
      ]);
      await store.zaddEach([a, b], [{ member: "new", score: 10 }], 2);
      expect((await store.zrevrange(a, { limit: 10 })).map((m) => m.member)).toEqual(["new", "old2"]);
      expect(await store.zrevrange(b, { limit: 10 })).toEqual([{ member: "new", score: 10 }]);
      await store.zaddEach([a, b], [{ member: "new", score: 10 }], 2);
      expect(await store.zcard(b)).toBe(1);
      await store.zremEach([a, b], ["new", "absent"]);
      expect((await store.zrevrange(a, { limit: 10 })).map((m) => m.member)).toEqual(["old2"]);
      expect(await store.zcard(b)).toBe(0);
      await store.zaddEach([], [{ member: "x", score: 1 }], 5);
      await expect(store.zaddEach([a], [{ member: "x", score: Number.NaN }], 5)).rejects.toThrow();
      expect((await store.zrevrange(a, { limit: 10 })).map((m) => m.member)).toEqual(["old2"]);
    });

    test("zaddEach takes many members at once (a backfill) and trims to the highest `keep`", async () => {
      const [a, b] = [k("many-a"), k("many-b")];
      const members = Array.from({ length: 1_200 }, (_, i) => ({ member: `m${i}`, score: i }));
      await store.zaddEach([a, b], members, 1_000);
      for (const key of [a, b]) {
        expect(await store.zcard(key)).toBe(1_000);
        const top = await store.zrevrange(key, { limit: 2 });
        expect(top).toEqual([
          { member: "m1199", score: 1_199 },
          { member: "m1198", score: 1_198 },
        ]);
        expect((await store.zrevrange(key, { limit: 1_000 })).at(-1)).toEqual({ member: "m200", score: 200 });
      }
      await store.zaddEach([a], [{ member: "late", score: 5_000 }], 0);
      expect(await store.zcard(a)).toBe(0);
      expect(await store.zcard(b)).toBe(1_000);
    });

    test("pub/sub delivers to every subscriber until it unsubscribes", async () => {
      const channel = k("chan");
      const a: string[] = [];
      const b: string[] = [];
      expect(await store.publish(channel, "nobody")).toBe(0);
      const offA = await store.subscribe(channel, (m) => a.push(m));
      const offB = await store.subscribe(channel, (m) => b.push(m));
      expect(await store.publish(channel, "one")).toBeGreaterThanOrEqual(1);
      expect(await waitFor(() => a.length === 1 && b.length === 1)).toBe(true);
      await offA();
      await store.publish(channel, "two");
      expect(await waitFor(() => b.length === 2)).toBe(true);
      expect(a).toEqual(["one"]);
      expect(b).toEqual(["one", "two"]);
      await offB();
    });

    test("pub/sub reaches another instance", async () => {
      const peer = await options.makePeer(store);
      try {
        const got: string[] = [];
        const off = await peer.subscribe(k("x-chan"), (m, c) => got.push(`${c}=${m}`));
        await store.publish(k("x-chan"), "hello");
        expect(await waitFor(() => got.length === 1)).toBe(true);
        expect(got).toEqual([`${k("x-chan")}=hello`]);
        await off();
      } finally {
        if (peer !== store) await peer.close();
      }
    });

    test("locks: one holder at a time, released only by its token, freed on expiry", async () => {
      const key = k("lock");
      const token = await store.acquireLock(key, 60_000);
      expect(typeof token).toBe("string");
      expect(await store.acquireLock(key, 60_000)).toBeUndefined();
      expect(await store.releaseLock(key, "someone-else")).toBe(false);
      expect(await store.releaseLock(key, token as string)).toBe(true);
      const short = await store.acquireLock(key, 40);
      expect(short).toBeDefined();
      await sleep(120);
      const next = await store.acquireLock(key, 60_000);
      expect(next).toBeDefined();
      // The expired holder must not free its successor's lock.
      expect(await store.releaseLock(key, short as string)).toBe(false);
      expect(await store.acquireLock(key, 60_000)).toBeUndefined();
    });

    test("zlogAppend: reads each log's window before adding, keeps the newest, sets the TTL", async () => {
      const log = k("zlog:log");
      const tally = k("zlog:tally");
      const append = (t: number, id: string) =>
        store.zlogAppend(
          [
            { key: log, since: t - 1000, entry: { member: id, score: t }, keep: 3, read: "members" },
            { key: tally, since: t - 1000, entry: { member: id, score: t }, keep: 10, read: "count" },
          ],
          { ttlMs: 60_000 },
        );
      expect(await append(100, "a")).toEqual([
        { count: 0, members: [] },
        { count: 0, members: [] },
      ]);
      await append(200, "b");
      await append(300, "c");
      // The log keeps its 3 newest: a leaves when d comes; the tally keeps all four.
      expect(await append(400, "d")).toEqual([
        { count: 3, members: ["a", "b", "c"] },
        { count: 3, members: [] },
      ]);
      expect(await append(500, "e")).toEqual([
        { count: 3, members: ["b", "c", "d"] },
        { count: 4, members: [] },
      ]);
      // At t = 1250 everything scored at or below 250 has left both windows.
      expect(await append(1250, "f")).toEqual([
        { count: 3, members: ["c", "d", "e"] },
        { count: 3, members: [] },
      ]);
      expect((await store.zrevrange(log, { limit: 10 })).map((m) => m.member)).toEqual(["f", "e", "d"]);
      const ttl = await store.ttl(tally);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await store.zlogAppend([], { ttlMs: 1000 })).toEqual([]);
      await expect(
        store.zlogAppend([{ key: log, since: 0, entry: { member: "x", score: 1 }, keep: 0, read: "count" }], {
          ttlMs: 1000,
        }),
      ).rejects.toThrow();
    });

    test("zadmit: a sliding window admits up to its limit, then refuses without changing the set", async () => {
      const key = k("zadmit:window");
      const at = (t: number) => ({ key, since: t - 1000, limit: 3 });
      for (const t of [100, 200, 300]) {
        const r = await store.zadmit([at(t)], { member: `m${t}`, score: t }, { ttlMs: 60_000 });
        expect(r.admitted).toBe(true);
        expect(r.unblockScores).toEqual([undefined]);
      }
      const refused = await store.zadmit([at(400)], { member: "m400", score: 400 }, { ttlMs: 60_000 });
      expect(refused).toEqual({ admitted: false, counts: [3], unblockScores: [100] });
      expect(await store.zcard(key)).toBe(3);
      // The oldest member leaves the window at t = 1100: a place is free again, and it is dropped.
      const later = await store.zadmit([at(1100)], { member: "m1100", score: 1100 }, { ttlMs: 60_000 });
      expect(later).toEqual({ admitted: true, counts: [3], unblockScores: [undefined] });
      expect((await store.zrevrange(key, { limit: 10 })).map((m) => m.member)).toEqual([
        "m1100",
        "m300",
        "m200",
      ]);
      const ttl = await store.ttl(key);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });

    test("zadmit: every check must have room; a refused entry is added to no key", async () => {
      const a = k("zadmit:a");
      const b = k("zadmit:b");
      await store.zadmit([{ key: b, since: 0, limit: 1 }], { member: "x", score: 10 }, { ttlMs: 60_000 });
      const r = await store.zadmit(
        [
          { key: a, since: 0, limit: 5 },
          { key: b, since: 0, limit: 1 },
        ],
        { member: "y", score: 20 },
        { ttlMs: 60_000 },
      );
      expect(r).toEqual({ admitted: false, counts: [0, 1], unblockScores: [undefined, 10] });
      expect(await store.zcard(a)).toBe(0);
      expect(await store.zcard(b)).toBe(1);
    });

    test("zadmit: two windows on one key (per minute and per hour) trim only below the longest", async () => {
      const key = k("zadmit:two");
      const checks = (t: number) => [
        { key, since: t - 60, limit: 2 },
        { key, since: t - 3600, limit: 3 },
      ];
      expect((await store.zadmit(checks(0), { member: "a", score: 0 }, { ttlMs: 3_600_000 })).admitted).toBe(
        true,
      );
      expect(
        (await store.zadmit(checks(100), { member: "b", score: 100 }, { ttlMs: 3_600_000 })).admitted,
      ).toBe(true);
      expect(
        (await store.zadmit(checks(200), { member: "c", score: 200 }, { ttlMs: 3_600_000 })).admitted,
      ).toBe(true);
      // Minute window has room (only c is within 60 of 250) but the hour holds a, b, c.
      const refused = await store.zadmit(checks(250), { member: "d", score: 250 }, { ttlMs: 3_600_000 });
      expect(refused).toEqual({ admitted: false, counts: [1, 3], unblockScores: [undefined, 0] });
      expect(await store.zcard(key)).toBe(3);
    });

    test("zadmit: leases cap concurrent holders; an expired lease frees its place", async () => {
      const key = k("zadmit:leases");
      const lease = (id: string, now: number) =>
        store.zadmit([{ key, since: now, limit: 2 }], { member: id, score: now + 1000 }, { ttlMs: 60_000 });
      expect((await lease("s1", 0)).admitted).toBe(true);
      expect((await lease("s2", 10)).admitted).toBe(true);
      expect(await lease("s3", 20)).toEqual({ admitted: false, counts: [2], unblockScores: [1000] });
      await store.zrem(key, "s2");
      expect((await lease("s3", 30)).admitted).toBe(true);
      // s1's lease ended at 1000; at 1001 a newcomer takes its place.
      expect((await lease("s4", 1001)).admitted).toBe(true);
      expect((await store.zrevrange(key, { limit: 10 })).map((m) => m.member).sort()).toEqual(["s3", "s4"]);
    });

    test("zadmit rejects bad arguments before any I/O", async () => {
      const e = { member: "m", score: 1 };
      await expect(store.zadmit([], e, { ttlMs: 1000 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(
        store.zadmit([{ key: k("z"), since: 0, limit: 0 }], e, { ttlMs: 1000 }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(
        store.zadmit([{ key: k("z"), since: Number.NaN, limit: 1 }], e, { ttlMs: 1000 }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(
        store.zadmit([{ key: k("z"), since: 0, limit: 1 }], e, { ttlMs: 0 }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await store.zcard(k("z"))).toBe(0);
    });

    test("ping answers", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describeLayersContract(() => ({
      store,
      ns,
      makePeer: () => options.makePeer(store),
      registry: new Registry(),
    }));
  });
}
