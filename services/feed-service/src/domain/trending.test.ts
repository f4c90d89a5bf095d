import { afterEach, describe, expect, test } from "bun:test";
import { createEmbeddedCacheStore } from "@nova/cache";
import { rankTrending, trendingScore } from "./rank-trending.ts";
import { createTrendingStore, ENGAGEMENT_WEIGHT, TRENDING_WINDOW_MS } from "./trending-store.ts";

const cache = createEmbeddedCacheStore();
afterEach(() => cache.deleteByPrefix("feed:"));

const HOUR = 3_600_000;
const NOW = Date.parse("2026-11-27T12:00:00Z");

describe("trending score", () => {
  test("decays with age and grows with engagement", () => {
    expect(trendingScore(10, 0)).toBeCloseTo(10 / 2 ** 1.5);
    expect(trendingScore(10, 2 * HOUR)).toBeCloseTo(10 / 4 ** 1.5);
    expect(trendingScore(10, HOUR)).toBeGreaterThan(trendingScore(10, 5 * HOUR));
    expect(trendingScore(0, 0)).toBe(0);
  });

  test("an engaged post outranks an older quiet one; ties go to the newer post", () => {
    const ranked = rankTrending(
      [
        { postId: "quiet-old", authorId: "a", at: NOW - 5 * HOUR, engagement: 0 },
        { postId: "quiet-new", authorId: "b", at: NOW - HOUR, engagement: 0 },
        { postId: "liked", authorId: "c", at: NOW - 3 * HOUR, engagement: 3 },
      ],
      NOW,
    );
    expect(ranked.map((c) => c.postId)).toEqual(["liked", "quiet-new", "quiet-old"]);
  });

  test("orders by score and leaves hidden authors out", () => {
    const ranked = rankTrending(
      [
        { postId: "a1", authorId: "a", at: NOW - HOUR, engagement: 9 },
        { postId: "a2", authorId: "a", at: NOW - HOUR, engagement: 5 },
        { postId: "b1", authorId: "b", at: NOW - HOUR, engagement: 7 },
        { postId: "c1", authorId: "c", at: NOW - HOUR, engagement: 8 },
      ],
      NOW,
      new Set(["c"]),
    );
    expect(ranked.map((c) => c.postId)).toEqual(["a1", "b1", "a2"]);
  });
});

describe("trending store (embedded cache)", () => {
  test("counts weighted engagement, undo included, and never below zero", async () => {
    const trending = createTrendingStore(cache, 10);
    await trending.add({ postId: "p1", authorId: "a", at: NOW - HOUR });
    await trending.add({ postId: "p2", authorId: "b", at: NOW - 2 * HOUR });
    await trending.bump("p1", ENGAGEMENT_WEIGHT.like);
    await trending.bump("p1", ENGAGEMENT_WEIGHT.comment);
    await trending.bump("p1", ENGAGEMENT_WEIGHT.repost);
    await trending.bump("p1", -ENGAGEMENT_WEIGHT.like);
    await trending.bump("p2", -ENGAGEMENT_WEIGHT.repost);
    const byId = new Map((await trending.candidates(NOW)).map((c) => [c.postId, c.engagement]));
    expect(byId).toEqual(
      new Map([
        ["p1", 5],
        ["p2", 0],
      ]),
    );
  });

  test("keeps the newest posts up to the cap and drops those older than the window", async () => {
    const trending = createTrendingStore(cache, 3);
    for (let i = 1; i <= 4; i++) await trending.add({ postId: `p${i}`, authorId: "a", at: NOW - i * HOUR });
    await trending.add({ postId: "old", authorId: "b", at: NOW - TRENDING_WINDOW_MS - HOUR });
    expect((await trending.candidates(NOW)).map((c) => c.postId)).toEqual(["p1", "p2", "p3"]);
    expect((await trending.candidates(NOW + TRENDING_WINDOW_MS)).map((c) => c.postId)).toEqual([]);
  });

  test("a removed post leaves the candidates; adding twice keeps one entry", async () => {
    const trending = createTrendingStore(cache, 10);
    const e = { postId: "p1", authorId: "a", at: NOW - HOUR };
    await trending.add(e);
    await trending.add(e);
    expect(await trending.candidates(NOW)).toHaveLength(1);
    await trending.remove(e);
    expect(await trending.candidates(NOW)).toEqual([]);
  });

  test("ranked() is recomputed at most once per snapshot, in rankTrending's order", async () => {
    const trending = createTrendingStore(cache, 10, { snapshotMs: 5_000 });
    await trending.add({ postId: "quiet", authorId: "a", at: NOW - HOUR });
    await trending.add({ postId: "liked", authorId: "b", at: NOW - 2 * HOUR });
    await trending.bump("liked", 5);
    const first = await trending.ranked(NOW);
    expect(first.map((c) => c.postId)).toEqual(
      rankTrending(await trending.candidates(NOW), NOW).map((c) => c.postId),
    );
    expect(first.map((c) => c.postId)).toEqual(["liked", "quiet"]);
    // Within the snapshot the same answer is served, even after a change...
    await trending.bump("quiet", 50);
    expect(await trending.ranked(NOW + 4_999)).toBe(first);
    // ...which shows once it has expired.
    expect((await trending.ranked(NOW + 5_000)).map((c) => c.postId)).toEqual(["quiet", "liked"]);
  });
});
