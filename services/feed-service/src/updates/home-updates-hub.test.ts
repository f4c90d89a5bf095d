import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type CacheStore, createEmbeddedCacheStore } from "@nova/cache";
import { RateLimitedError, UnavailableError } from "@nova/errors";
import { createStreamCap } from "@nova/rate-limit";
import {
  createHomeUpdatesHub,
  HOME_UPDATES_CHANNEL,
  type HomeUpdatesHub,
  type HomeUpdatesHubOptions,
  type UpdateAudience,
} from "./home-updates-hub.ts";
import type { HomeUpdate } from "./update-stream.ts";

const COALESCE = 150;

/** Who follows and hides whom, as graph would answer; tests change it between reloads. */
let graph: Map<string, UpdateAudience>;
let store: CacheStore;
let hub: HomeUpdatesHub;
let errors: string[];

const audience = (following: string[], hidden: string[] = []): UpdateAudience => ({
  following: new Set(following),
  hidden: new Set(hidden),
});

function makeHub(extra: Partial<HomeUpdatesHubOptions> = {}) {
  return createHomeUpdatesHub({
    store,
    loadAudience: async (viewer) => graph.get(viewer) ?? audience([]),
    maxStreams: 10,
    coalesceMs: COALESCE,
    onError: (what) => errors.push(what),
    ...extra,
  });
}

beforeEach(() => {
  store = createEmbeddedCacheStore();
  graph = new Map([
    ["bob", audience(["alice", "mallory"], ["mallory"])],
    ["carol", audience([])],
  ]);
  errors = [];
  hub = makeHub();
});

afterEach(async () => {
  await hub.close();
  await store.close();
});

/** A `next()` that timed out in `within` is still pending; the following `within` waits on it. */
const pending = new WeakMap<AsyncIterableIterator<HomeUpdate>, Promise<IteratorResult<HomeUpdate>>>();

/** The next update, or "none" when nothing arrives within `ms`. */
async function within(stream: AsyncIterableIterator<HomeUpdate>, ms: number): Promise<HomeUpdate | "none"> {
  const next = pending.get(stream) ?? stream.next();
  pending.set(stream, next);
  const result = await Promise.race([next, Bun.sleep(ms).then(() => undefined)]);
  if (!result) return "none";
  pending.delete(stream);
  return result.done ? "none" : result.value;
}

const post = (authorId: string, at: number, mentioned?: string[]) =>
  hub.announcePost({ authorId, postId: `${authorId}-${at}`, at, ...(mentioned ? { mentioned } : {}) });

describe("home updates hub", () => {
  test("subscribes to the channel only when the first stream opens, and unsubscribes on close", async () => {
    expect(await store.publish(HOME_UPDATES_CHANNEL, "{}")).toBe(0);
    await hub.open("bob");
    await hub.open("carol");
    expect(await store.publish(HOME_UPDATES_CHANNEL, "{}")).toBe(1); // one subscription per replica
    await hub.close();
    expect(await store.publish(HOME_UPDATES_CHANNEL, "{}")).toBe(0);
  });

  test("a follower hears of a post, a non-follower doesn't; the author hears of its own", async () => {
    const bob = await hub.open("bob");
    const carol = await hub.open("carol");
    const alice = await hub.open("alice");
    await post("alice", Date.UTC(2026, 0, 1, 12));
    expect(await within(bob, 1_000)).toEqual({ count: 1, newestAt: "2026-01-01T12:00:00.000Z" });
    expect(await within(alice, 1_000)).toEqual({ count: 1, newestAt: "2026-01-01T12:00:00.000Z" });
    expect(await within(carol, COALESCE * 2)).toBe("none");
  });

  test("blocked or muted authors never notify, even when followed", async () => {
    const bob = await hub.open("bob");
    await post("mallory", 1_000);
    expect(await within(bob, COALESCE * 2)).toBe("none");
  });

  test("a mentioned-only post notifies only the mentioned followers", async () => {
    graph.set("dave", audience(["alice"]));
    const bob = await hub.open("bob");
    const dave = await hub.open("dave");
    await post("alice", 1_000, ["dave"]);
    expect(await within(dave, 1_000)).toMatchObject({ count: 1 });
    expect(await within(bob, COALESCE * 2)).toBe("none");
  });

  test("a burst is coalesced: the first post at once, the rest as one update a window later", async () => {
    const bob = await hub.open("bob");
    const start = performance.now();
    await post("alice", 1_000);
    expect(await within(bob, 1_000)).toEqual({ count: 1, newestAt: new Date(1_000).toISOString() });
    const first = performance.now();
    expect(first - start).toBeLessThan(COALESCE);
    await post("alice", 3_000);
    await post("alice", 2_000);
    expect(await within(bob, 1_000)).toEqual({ count: 2, newestAt: new Date(3_000).toISOString() });
    expect(performance.now() - first).toBeGreaterThanOrEqual(COALESCE - 10);
    expect(await within(bob, COALESCE * 2)).toBe("none");
  });

  test("a consumer that reads late gets one merged update, not a backlog", async () => {
    const bob = await hub.open("bob");
    await post("alice", 1_000);
    await Bun.sleep(COALESCE / 2);
    await post("alice", 2_000);
    await Bun.sleep(COALESCE * 3); // both windows released while nobody read
    expect(await within(bob, 100)).toEqual({ count: 2, newestAt: new Date(2_000).toISOString() });
    expect(await within(bob, COALESCE * 2)).toBe("none");
  });

  test("an audience change announced for the viewer reloads its open streams", async () => {
    const carol = await hub.open("carol");
    graph.set("carol", audience(["alice"]));
    await post("alice", 1_000);
    expect(await within(carol, COALESCE * 2)).toBe("none");
    await hub.announceGraphChange("someone-else");
    await hub.announceGraphChange("carol");
    await Bun.sleep(20);
    await post("alice", 2_000);
    expect(await within(carol, 1_000)).toMatchObject({ count: 1 });
  });

  test("streams also reload their audience periodically", async () => {
    await hub.close();
    hub = makeHub({ refreshMs: 50 });
    const carol = await hub.open("carol");
    graph.set("carol", audience(["alice"]));
    await Bun.sleep(120);
    await post("alice", 1_000);
    expect(await within(carol, 1_000)).toMatchObject({ count: 1 });
  });

  test("a full replica refuses streams with UnavailableError until one ends", async () => {
    await hub.close();
    hub = makeHub({ maxStreams: 2 });
    const first = await hub.open("bob");
    const controller = new AbortController();
    await hub.open("carol", controller.signal);
    await expect(hub.open("alice")).rejects.toBeInstanceOf(UnavailableError);
    await first.return?.();
    expect(hub.size()).toBe(1);
    await hub.open("alice");
    controller.abort();
    expect(hub.size()).toBe(1);
    await expect(hub.open("dave")).resolves.toBeDefined();
  });

  // Finding 11 of issue 15: one account could hold every stream a replica allows (300 accepted).
  test("one account holds at most its cap of streams (429); others are unaffected; an ended stream frees its place", async () => {
    await hub.close();
    hub = makeHub({ perAccount: createStreamCap({ store, prefix: "test:streams:", limit: 2 }) });
    const first = await hub.open("bob");
    const controller = new AbortController();
    await hub.open("bob", controller.signal);
    await expect(hub.open("bob")).rejects.toBeInstanceOf(RateLimitedError);
    expect(hub.size()).toBe(2);
    await hub.open("carol");
    await first.return?.();
    await Bun.sleep(0);
    await hub.open("bob");
    controller.abort();
    await Bun.sleep(0);
    await expect(hub.open("bob")).resolves.toBeDefined();
    await expect(hub.open("bob")).rejects.toBeInstanceOf(RateLimitedError);
  });

  test("a failed audience load gives its per-account place back", async () => {
    await hub.close();
    let down = true;
    hub = makeHub({
      perAccount: createStreamCap({ store, prefix: "test:streams:", limit: 1 }),
      loadAudience: async () => {
        if (down) throw new UnavailableError("graph down");
        return audience([]);
      },
    });
    await expect(hub.open("bob")).rejects.toThrow("graph down");
    down = false;
    await expect(hub.open("bob")).resolves.toBeDefined();
  });

  test("an aborted signal ends the stream: a pending next() resolves done", async () => {
    const controller = new AbortController();
    const bob = await hub.open("bob", controller.signal);
    const pending = bob.next();
    controller.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(hub.size()).toBe(0);
  });

  test("a failed audience load fails the open and holds no slot", async () => {
    await hub.close();
    hub = makeHub({
      maxStreams: 1,
      loadAudience: async () => {
        throw new UnavailableError("graph down");
      },
    });
    await expect(hub.open("bob")).rejects.toBeInstanceOf(UnavailableError);
    await expect(hub.open("bob")).rejects.toThrow("graph down"); // not "maximum of open streams"
    expect(hub.size()).toBe(0);
  });

  test("a malformed message is reported and skipped", async () => {
    const bob = await hub.open("bob");
    await store.publish(HOME_UPDATES_CHANNEL, "not json");
    await store.publish(HOME_UPDATES_CHANNEL, JSON.stringify({ kind: "post", authorId: "alice" }));
    await post("alice", 1_000);
    expect(await within(bob, 1_000)).toMatchObject({ count: 1 });
    expect(errors).toHaveLength(2);
  });
});
