import { describe, expect, test } from "bun:test";
import { InvalidArgumentError, UnavailableError } from "@nova/errors";
import { compareMembers } from "../src/embedded/sorted-set.ts";
import {
  createEmbeddedCacheStore,
  createInstanceCache,
  createKeyspace,
  createRedisCacheStore,
  manyById,
} from "../src/index.ts";
import { LocalLru } from "../src/local-lru.ts";

describe("createKeyspace", () => {
  test("builds nova:<service>:v<version>:<parts>", () => {
    const ks = createKeyspace("user-service", 3);
    expect(ks.prefix).toBe("nova:user-service:v3:");
    expect(ks.key("profile", "0190")).toBe("nova:user-service:v3:profile:0190");
  });
  test("rejects bad names, versions and empty parts", () => {
    expect(() => createKeyspace("User Service", 1)).toThrow(InvalidArgumentError);
    expect(() => createKeyspace("user", 0)).toThrow(InvalidArgumentError);
    expect(() => createKeyspace("user", 1).key("")).toThrow(InvalidArgumentError);
  });
});

describe("manyById", () => {
  test("answers by id, loads only the missing ids in one call, and caches orElse like a value", async () => {
    const store = createEmbeddedCacheStore();
    const cache = await createInstanceCache<number>({ store, name: "by-id", maxEntries: 10, ttlMs: 60_000 });
    const asked: string[][] = [];
    const load = async (ids: string[]) => {
      asked.push(ids);
      return new Map(ids.filter((id) => id !== "none").map((id) => [id, id.length]));
    };
    const read = (keys: string[], l: (k: string[]) => Promise<ReadonlyMap<string, number>>) =>
      cache.getMany(keys, l);
    const keyOf = (id: string) => `n:${id}`;
    expect(await manyById(["ab", "none"], keyOf, read, load, () => 0)).toEqual(
      new Map([
        ["ab", 2],
        ["none", 0],
      ]),
    );
    expect(await manyById(["ab", "none", "abc"], keyOf, read, load, () => 0)).toEqual(
      new Map([
        ["ab", 2],
        ["none", 0],
        ["abc", 3],
      ]),
    );
    expect(asked).toEqual([["ab", "none"], ["abc"]]);
    // Without orElse an id nothing was found for is left out of the answer.
    expect(
      await manyById(
        ["gone"],
        (id) => `m:${id}`,
        read,
        async () => new Map(),
      ),
    ).toEqual(new Map());
    await cache.close();
    await store.close();
  });
});

describe("InstanceCache.peek", () => {
  test("answers what is held without loading: a value, nothing for a remembered absence or a miss", async () => {
    const store = createEmbeddedCacheStore();
    const cache = await createInstanceCache<number>({
      store,
      name: "peek",
      maxEntries: 10,
      ttlMs: 60_000,
      negativeTtlMs: 60_000,
    });
    await cache.getMany(["a", "gone"], async () => new Map([["a", 0]]));
    expect(cache.peek("a")).toBe(0);
    expect(cache.peek("gone")).toBeUndefined();
    expect(cache.peek("never")).toBeUndefined();
    await cache.invalidate("a");
    expect(cache.peek("a")).toBeUndefined();
    await cache.close();
  });
});

describe("LocalLru", () => {
  test("evicts the least recently used entry and honours per-entry TTL", () => {
    let t = 0;
    const lru = new LocalLru(2, () => t);
    lru.set("a", "1", 100);
    lru.set("b", "2", 100);
    expect(lru.get("a")).toBe("1");
    lru.set("c", "3", 100);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("1");
    t = 150;
    expect(lru.get("a")).toBeUndefined();
    expect(lru.size).toBe(1);
  });
});

describe("embedded store expiry", () => {
  test("the periodic sweep removes expired keys nobody reads", async () => {
    let t = 1_000;
    const store = createEmbeddedCacheStore({ now: () => t, sweepIntervalMs: 5 });
    await store.set("k", 1, { ttlMs: 10 });
    await store.set("keep", 1);
    t = 2_000;
    await new Promise((r) => setTimeout(r, 30));
    expect(store.size()).toBe(1);
    await store.close();
  });
  test("a subscriber that throws does not break the publisher", async () => {
    const errors: unknown[] = [];
    const store = createEmbeddedCacheStore({ onSubscriberError: (e) => errors.push(e) });
    await store.subscribe("c", () => {
      throw new Error("boom");
    });
    expect(await store.publish("c", "m")).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveLength(1);
    await store.close();
  });
});

describe("compareMembers", () => {
  test("orders by code point (UTF-8 byte order), not UTF-16 units", () => {
    expect(compareMembers("\uFFFF", "\u{1F600}")).toBeLessThan(0);
    expect(compareMembers("a", "ab")).toBeLessThan(0);
    expect(compareMembers("b", "a")).toBeGreaterThan(0);
  });
});

describe("createRedisCacheStore", () => {
  test("fails fast with UnavailableError naming the server when Redis is unreachable", async () => {
    const err = await createRedisCacheStore({
      url: "redis://:secret@127.0.0.1:1/0",
      size: 1,
      connectTimeoutMs: 500,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toContain("127.0.0.1:1");
    expect((err as Error).message).not.toContain("secret");
  });
});
