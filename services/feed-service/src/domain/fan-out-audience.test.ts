import { afterEach, expect, test } from "bun:test";
import { createEmbeddedCacheStore } from "@nova/cache";
import type { ServiceContext } from "../context.ts";
import { heldAudiences } from "../testing/held-audiences.ts";
import { forgetAudience } from "./fan-out-audience.ts";
import { fanOutPost } from "./fan-out-post.ts";
import { createTimelineStore } from "./timeline-store.ts";

const cache = createEmbeddedCacheStore();
afterEach(() => cache.deleteByPrefix("feed:"));
const T = Date.parse("2026-11-27T12:00:00Z");

/** Real cache-backed timelines; graph a recording fake: L has light followers, H is heavy (≥ 100). */
async function world() {
  const followersOf = new Map<string, string[]>([
    ["L", ["a", "b"]],
    ["H", []],
  ]);
  const asked: string[] = [];
  const ctx = {
    config: { extra: { FEED_FANOUT_THRESHOLD: 100 } },
    store: cache,
    audiences: await heldAudiences(),
    timelines: createTimelineStore(cache, 800),
    authorPosts: createTimelineStore(cache, 800, "author-posts"),
    graph: {
      followerCounts: async (ids: readonly string[]) => {
        asked.push(`counts:${ids.join(",")}`);
        return new Map(ids.map((id) => [id, id === "H" ? 500 : (followersOf.get(id)?.length ?? 0)]));
      },
      followerPages: async function* (authorId: string) {
        asked.push(`pages:${authorId}`);
        yield followersOf.get(authorId) ?? [];
      },
    },
  } as unknown as ServiceContext;
  const publish = (postId: string, authorId: string, at: number) =>
    fanOutPost({ ctx, input: { postId, authorId, at, isReply: false } });
  const timeline = async (id: string) => (await ctx.timelines.read(id, 10)).map((e) => e.postId);
  return { ctx, publish, asked, followersOf, timeline };
}

test("an author's audience is held: a second post is fanned out without asking graph", async () => {
  const w = await world();
  expect(await w.publish("p1", "L", T)).toEqual({ fannedOutTo: 2 });
  expect(await w.publish("p2", "L", T + 1)).toEqual({ fannedOutTo: 2 });
  expect(w.asked).toEqual(["counts:L", "pages:L"]);
  expect(await w.timeline("b")).toEqual(["p2", "p1"]);
  // Heavy authors: the count is held, there is no list to write to.
  await w.publish("h1", "H", T);
  await w.publish("h2", "H", T + 1);
  expect(w.asked.slice(2)).toEqual(["counts:H"]);
});

test("a follow made or ended drops the held audience: the next post reaches who follows now", async () => {
  const w = await world();
  await w.publish("p1", "L", T);
  w.followersOf.set("L", ["b", "c"]); // a unfollowed, c followed
  await forgetAudience(w.ctx, ["L"]);
  await w.publish("p2", "L", T + 1);
  expect(w.asked).toEqual(["counts:L", "pages:L", "counts:L", "pages:L"]);
  expect(await w.timeline("c")).toEqual(["p2"]);
  expect(await w.timeline("a")).toEqual(["p1"]);
});
