import { afterEach, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { createEmbeddedCacheStore } from "@nova/cache";
import { PostSchema } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { heldAudiences } from "../testing/held-audiences.ts";
import { fanOutPost } from "./fan-out-post.ts";
import { homeCandidates } from "./home-candidates.ts";
import { retractPost } from "./retract-post.ts";
import { createTimelineStore } from "./timeline-store.ts";

const cache = createEmbeddedCacheStore();
const audiences = await heldAudiences();
afterEach(async () => {
  await cache.deleteByPrefix("feed:");
  await audiences.invalidate({ prefix: "" });
});

const ME = "me";
const T = Date.parse("2026-11-27T12:00:00Z");

/**
 * Real cache-backed timelines and author-posts index; graph and content as recording fakes. `me`
 * follows L (light: fanned out) and H and K (heavy: ≥ the threshold of 100 followers). content
 * lists what `contentPosts` holds, as it would for posts published before feed indexed them.
 */
async function world() {
  const followers = new Map([
    ["L", 5],
    ["H", 500],
    ["K", 500],
  ]);
  const contentPosts: { id: string; authorId: string; at: number }[] = [];
  const contentAsked: string[][] = [];
  const ctx = {
    config: { extra: { FEED_FANOUT_THRESHOLD: 100 } },
    log: { warn() {} },
    store: cache,
    audiences,
    timelines: createTimelineStore(cache, 800),
    authorPosts: createTimelineStore(cache, 800, "author-posts"),
    graph: {
      followerCounts: async (ids: readonly string[]) =>
        new Map(ids.map((id) => [id, followers.get(id) ?? 0])),
      followerPages: async function* (authorId: string) {
        if (authorId === "L") yield [ME];
      },
      following: async () => ["L", "H", "K"],
      followedAmong: async (_: string, ids: readonly string[]) =>
        ids.filter((id) => id === "H" || id === "K"),
      hiddenAuthors: async () => ({ blocked: new Set<string>(), muted: new Set<string>() }),
    },
    content: {
      postsByAuthors: async (authorIds: readonly string[]) => {
        contentAsked.push([...authorIds]);
        const posts = contentPosts
          .filter((p) => authorIds.includes(p.authorId))
          .sort((a, b) => b.at - a.at)
          .map((p) =>
            create(PostSchema, { id: p.id, authorId: p.authorId, publishedAt: timestampFromMs(p.at) }),
          );
        return { posts, nextCursor: "" };
      },
    },
  } as unknown as ServiceContext;
  const publish = (postId: string, authorId: string, at: number) =>
    fanOutPost({ ctx, input: { postId, authorId, at, isReply: false } });
  // As on ProfileCreated: my timeline is whole (an unmarked one would be rebuilt from content).
  await ctx.timelines.markComplete(ME);
  return { ctx, publish, contentPosts, contentAsked };
}

const ids = (c: { entries: { postId: string }[] }) => c.entries.map((e) => e.postId);

describe("home candidates (hybrid fan-out)", () => {
  test("heavy authors' posts come from their index, merged with fanned-out entries, without asking content", async () => {
    const w = await world();
    await w.publish("l1", "L", T - 4);
    await w.publish("h1", "H", T - 3);
    await w.publish("k1", "K", T - 2);
    await w.publish("h2", "H", T - 1);
    const first = await homeCandidates(w.ctx, ME, undefined, 3);
    expect(ids(first)).toEqual(["h2", "k1", "h1", "l1"]);
    expect(first.more).toBe(false);
    expect(w.contentAsked).toEqual([]);
    // Past a cursor, only older entries; an index that has nothing older is not "missing".
    const next = await homeCandidates(w.ctx, ME, { at: T - 2, key: "K:k1" }, 3);
    expect(ids(next)).toEqual(["h1", "l1"]);
    expect(w.contentAsked).toEqual([]);
    // A deleted heavy post leaves the index.
    await retractPost({ ctx: w.ctx, input: { postId: "h2", authorId: "H" } });
    expect(ids(await homeCandidates(w.ctx, ME, undefined, 3))).toEqual(["k1", "h1", "l1"]);
  });

  test("heavy authors with no index at all (a lost cache) are read from content", async () => {
    const w = await world();
    // Nothing published through feed: no registry and no index, as after a cache flush.
    w.contentPosts.push({ id: "h0", authorId: "H", at: T - 5 }, { id: "k0", authorId: "K", at: T - 2 });
    const c = await homeCandidates(w.ctx, ME, undefined, 10);
    expect(ids(c)).toEqual(["k0", "h0"]);
    expect(w.contentAsked).toEqual([["H", "K"]]);
    expect([...c.fetchedPosts.keys()].sort()).toEqual(["h0", "k0"]);
  });

  test("an index marked complete is trusted even when empty; an unmarked empty one is not", async () => {
    const w = await world();
    w.contentPosts.push({ id: "k0", authorId: "K", at: T - 2 });
    await w.ctx.authorPosts.markComplete("H");
    const c = await homeCandidates(w.ctx, ME, undefined, 10);
    expect(ids(c)).toEqual(["k0"]);
    expect(w.contentAsked).toEqual([["K"]]);
    // The mark is not an entry: a complete index reads as its posts only.
    await w.publish("h1", "H", T - 1);
    expect(await w.ctx.authorPosts.read("H", 5)).toEqual([{ postId: "h1", authorId: "H", at: T - 1 }]);
    expect(await w.ctx.authorPosts.coverage("H")).toEqual({ complete: true, full: false, size: 1 });
  });

  test("a timeline lost from the cache (no mark) is rebuilt once, on its first page, from what I follow", async () => {
    const w = await world();
    w.contentPosts.push({ id: "l1", authorId: "L", at: T - 5 }, { id: "l2", authorId: "L", at: T - 3 });
    await w.ctx.store.deleteByPrefix(`feed:v1:home:${ME}`); // the cache lost my timeline, mark and all
    const first = await homeCandidates(w.ctx, ME, undefined, 20);
    expect(ids(first)).toEqual(["l2", "l1"]);
    // The rebuild asks for everyone I follow (H and K, heavy with no index here, are asked apart).
    const rebuilds = () => w.contentAsked.filter((a) => a.length === 3);
    expect(rebuilds()).toEqual([["L", "H", "K"]]);
    expect((await w.ctx.timelines.readTop(ME, 5)).complete).toBe(true);
    // Rebuilt once: the next read is served from the cache alone, and a cursor read never rebuilds.
    const again = await homeCandidates(w.ctx, ME, undefined, 20);
    expect(ids(again)).toEqual(["l2", "l1"]);
    expect(rebuilds()).toHaveLength(1);
  });

  test("a rebuild that fails serves what the cache holds and is tried again on the next read", async () => {
    const w = await world();
    await w.publish("l1", "L", T - 5);
    await w.ctx.store.deleteByPrefix(`feed:v1:home:${ME}`);
    await w.publish("l2", "L", T - 3); // fanned out after the loss: held, but no mark
    const content = w.ctx.content as unknown as {
      postsByAuthors: (ids: readonly string[]) => Promise<unknown>;
    };
    const working = content.postsByAuthors;
    // Content fails the rebuild's call (everyone I follow); the heavy authors' own reads still work.
    content.postsByAuthors = async (authorIds) => {
      if (authorIds.includes("L")) throw new Error("content-service unavailable");
      return working(authorIds);
    };
    const degraded = await homeCandidates(w.ctx, ME, undefined, 20);
    expect(ids(degraded)).toEqual(["l2"]);
    expect((await w.ctx.timelines.readTop(ME, 5)).complete).toBe(false);
    content.postsByAuthors = working;
    w.contentPosts.push({ id: "l1", authorId: "L", at: T - 5 });
    expect(ids(await homeCandidates(w.ctx, ME, undefined, 20))).toEqual(["l2", "l1"]);
    expect((await w.ctx.timelines.readTop(ME, 5)).complete).toBe(true);
  });
});
