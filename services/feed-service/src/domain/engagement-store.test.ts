import { afterEach, describe, expect, test } from "bun:test";
import { createEmbeddedCacheStore } from "@nova/cache";
import { createEngagementStore, ENGAGED_CAP, ENGAGED_WINDOW_MS } from "./engagement-store.ts";

const cache = createEmbeddedCacheStore();
afterEach(() => cache.deleteByPrefix("feed:"));

const NOW = Date.parse("2026-11-27T12:00:00Z");
const engaged = createEngagementStore(cache);

describe("engagement store (embedded cache)", () => {
  test("newest engagement first; a second engagement with a post re-dates it, not duplicates it", async () => {
    await engaged.add("a", { postId: "p1", authorId: "c", at: NOW - 3_000 });
    await engaged.add("a", { postId: "p2", authorId: "d", at: NOW - 2_000 });
    await engaged.add("a", { postId: "p1", authorId: "c", at: NOW - 1_000 });
    expect(await engaged.recent("a", 10, NOW)).toEqual([
      { postId: "p1", authorId: "c", at: NOW - 1_000 },
      { postId: "p2", authorId: "d", at: NOW - 2_000 },
    ]);
    expect(await engaged.recent("b", 10, NOW)).toEqual([]);
  });

  test("an undo removes the post without knowing its author; other accounts keep theirs", async () => {
    await engaged.add("a", { postId: "p1", authorId: "c", at: NOW - 2_000 });
    await engaged.add("a", { postId: "p2", authorId: "c", at: NOW - 1_000 });
    await engaged.add("b", { postId: "p1", authorId: "c", at: NOW - 1_000 });
    expect(await engaged.remove("a", "p1")).toBe(1);
    expect(await engaged.remove("a", "p1")).toBe(0);
    expect((await engaged.recent("a", 10, NOW)).map((e) => e.postId)).toEqual(["p2"]);
    expect((await engaged.recent("b", 10, NOW)).map((e) => e.postId)).toEqual(["p1"]);
  });

  test("keeps the newest ENGAGED_CAP engagements", async () => {
    for (let i = 0; i < ENGAGED_CAP + 5; i++)
      await engaged.add("a", { postId: `p${i}`, authorId: "c", at: NOW - 10_000 + i });
    const all = await engaged.recent("a", ENGAGED_CAP + 5, NOW);
    expect(all).toHaveLength(ENGAGED_CAP);
    expect(all[0]?.postId).toBe(`p${ENGAGED_CAP + 4}`);
    expect(all.at(-1)?.postId).toBe("p5");
  });

  test("engagements older than the window are not read, and are pruned on the next engagement", async () => {
    await engaged.add("a", { postId: "old", authorId: "c", at: NOW - ENGAGED_WINDOW_MS - 1 });
    expect(await engaged.recent("a", 10, NOW)).toEqual([]);
    expect(await cache.zcard("feed:v1:engaged:a")).toBe(1);
    await engaged.add("a", { postId: "new", authorId: "c", at: NOW });
    expect(await cache.zcard("feed:v1:engaged:a")).toBe(1);
    expect((await engaged.recent("a", 10, NOW)).map((e) => e.postId)).toEqual(["new"]);
  });
});
