import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { createEmbeddedCacheStore, createInstanceCache } from "@nova/cache";
import { type Post, PostSchema } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { heldAudiences } from "../testing/held-audiences.ts";
import { fanOutPost } from "./fan-out-post.ts";
import { readUserTimeline } from "./read-user-timeline.ts";
import { createTimelineStore } from "./timeline-store.ts";

const cache = createEmbeddedCacheStore();
afterEach(() => cache.deleteByPrefix("feed:"));
afterAll(() => cache.close());

const U = "0196f000-0000-7000-8000-00000000000a"; // the account whose timeline is read
const O = "0196f000-0000-7000-8000-00000000000b"; // another author U reposts
const V = "0196f000-0000-7000-8000-00000000000c"; // the viewer
const T = Date.parse("2026-11-27T12:00:00Z");

/**
 * Real cache-backed indexes (posts, reposts) and held public posts; content, graph, social and
 * user-service as recording fakes. content lists `U`'s posts the viewer may see (`open`, plus
 * `forViewer`) 2 per page, as it would for an account older than feed's index.
 */
async function world(cap = 800) {
  const publicPosts = await createInstanceCache<Post>({
    store: cache,
    name: `ut-${Math.random()}`,
    maxEntries: 100,
    ttlMs: 60_000,
    negativeTtlMs: 60_000,
  });
  const open = new Map<string, Post>();
  const forViewer = new Map<string, Post>();
  const asked = { byAuthor: 0, anonymous: [] as string[][], withToken: [] as string[][] };
  const blocked = new Set<string>();
  const visible = (id: string) => open.get(id) ?? forViewer.get(id);
  const ctx = {
    config: { extra: { FEED_FANOUT_THRESHOLD: 100 } },
    audiences: await heldAudiences(),
    store: cache,
    publicPosts,
    timelines: createTimelineStore(cache, cap),
    authorPosts: createTimelineStore(cache, cap, "author-posts"),
    reposts: createTimelineStore(cache, cap, "reposts"),
    graph: {
      followerCounts: async () => new Map(),
      followerPages: async function* () {},
      hiddenAuthors: async () => ({ blocked, muted: new Set<string>() }),
    },
    content: {
      publicPosts: async (ids: readonly string[]) => {
        asked.anonymous.push([...ids]);
        return ids.flatMap((id) => open.get(id) ?? []);
      },
      visiblePosts: async (ids: readonly string[]) => {
        asked.withToken.push([...ids]);
        return ids.flatMap((id) => visible(id) ?? []);
      },
      postsByAuthors: async (_: readonly string[], pageSize: number, cursor = "") => {
        asked.byAuthor++;
        const all = [...open.values(), ...forViewer.values()]
          .filter((p) => p.authorId === U)
          .sort(
            (a, b) =>
              Number(b.publishedAt?.seconds) - Number(a.publishedAt?.seconds) || (a.id < b.id ? 1 : -1),
          );
        const from = Number(cursor || 0);
        const posts = all.slice(from, from + pageSize);
        return { posts, nextCursor: from + pageSize < all.length ? String(from + pageSize) : "" };
      },
    },
    social: { engagement: async () => new Map() },
    users: { authors: async () => new Map() },
    media: { media: async () => new Map() },
  } as unknown as ServiceContext;
  /** A post by `author` at T + `s` seconds, fanned out like content's PostCreated. */
  const publish = async (id: string, author: string, s: number, audience: "open" | "followers" = "open") => {
    const at = T + s * 1000;
    (audience === "open" ? open : forViewer).set(
      id,
      create(PostSchema, { id, authorId: author, text: id, publishedAt: timestampFromMs(at) }),
    );
    await fanOutPost({ ctx, input: { postId: id, authorId: author, at, isReply: false } });
  };
  const repost = (postId: string, authorId: string, s: number) =>
    ctx.reposts.push([U], { postId, authorId, at: T + s * 1000 });
  /** Every page, `limit` at a time, as item ids (reposts marked `r:`). */
  const walk = async (limit: number) => {
    const out: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await readUserTimeline({
        ctx,
        viewer: { accountId: V },
        input: { userId: U, limit, cursor },
      });
      out.push(...page.items.map((p) => (p.repostedAt ? `r:${p.id}` : p.id)));
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
    throw new Error("the cursor never ended");
  };
  return { ctx, publish, repost, walk, asked, blocked, forViewer, close: () => publicPosts.close() };
}

describe("user timeline", () => {
  test("an account's complete index serves its posts and reposts without content listing them", async () => {
    const w = await world();
    await w.ctx.authorPosts.markComplete(U);
    for (let i = 1; i <= 5; i++) await w.publish(`u${i}`, U, i * 10);
    await w.publish("o1", O, 15);
    await w.publish("o2", O, 33);
    await w.repost("o1", O, 25); // reposted later than it was published
    await w.repost("o2", O, 45);
    await w.repost("u2", U, 50); // a repost of its own post is not listed twice
    expect(await w.walk(2)).toEqual(["u5", "r:o2", "u4", "u3", "r:o1", "u2", "u1"]);
    expect(await w.walk(20)).toEqual(["u5", "r:o2", "u4", "u3", "r:o1", "u2", "u1"]);
    expect(w.asked.byAuthor).toBe(0);
    // Public posts were asked of content once (anonymously) and then held.
    expect(w.asked.anonymous.flat().sort()).toEqual(["o1", "o2", "u1", "u2", "u3", "u4", "u5"]);
    await w.close();
  });

  test("a post the viewer may see only with its token is asked with it; one it may not see is left out", async () => {
    const w = await world();
    await w.ctx.authorPosts.markComplete(U);
    await w.publish("u1", U, 10);
    await w.publish("u2", U, 20, "followers");
    expect(await w.walk(10)).toEqual(["u2", "u1"]);
    expect(w.asked.withToken).toEqual([["u2"]]);
    w.forViewer.delete("u2"); // no longer visible to the viewer (say, unfollowed)
    expect(await w.walk(10)).toEqual(["u1"]);
    await w.close();
  });

  test("an account older than the index (no mark) is listed by content, with the same result", async () => {
    const w = await world();
    for (let i = 1; i <= 5; i++) await w.publish(`u${i}`, U, i * 10);
    await w.publish("o1", O, 15);
    await w.repost("o1", O, 25);
    expect(await w.walk(2)).toEqual(["u5", "u4", "u3", "r:o1", "u2", "u1"]);
    expect(w.asked.byAuthor).toBeGreaterThan(0);
    await w.close();
  });

  test("past what a capped index still holds, pages come from content", async () => {
    const w = await world(4); // the mark and 3 posts
    await w.ctx.authorPosts.markComplete(U);
    for (let i = 1; i <= 6; i++) await w.publish(`u${i}`, U, i * 10);
    expect((await w.ctx.authorPosts.coverage(U)).full).toBe(true);
    expect(await w.walk(2)).toEqual(["u6", "u5", "u4", "u3", "u2", "u1"]);
    expect(w.asked.byAuthor).toBeGreaterThan(0);
    await w.close();
  });

  test("nothing is served across a block, either way", async () => {
    const w = await world();
    await w.ctx.authorPosts.markComplete(U);
    await w.publish("u1", U, 10);
    await w.publish("o1", O, 15);
    await w.repost("o1", O, 20);
    // Blocked with the reposted author: the repost is left out, the account's own posts stay.
    w.blocked.add(O);
    expect(await w.walk(10)).toEqual(["u1"]);
    // Blocked with the account itself: nothing at all.
    w.blocked.add(U);
    expect(await w.walk(10)).toEqual([]);
    expect(w.asked.byAuthor).toBe(0);
    await w.close();
  });
});
