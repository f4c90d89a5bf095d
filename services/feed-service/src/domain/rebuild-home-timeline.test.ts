import { afterEach, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { createEmbeddedCacheStore } from "@nova/cache";
import { PostSchema } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { rebuildHomeTimeline } from "./rebuild-home-timeline.ts";
import { createTimelineStore } from "./timeline-store.ts";

const cache = createEmbeddedCacheStore();
afterEach(() => cache.deleteByPrefix("feed:"));
const T = Date.parse("2026-11-27T12:00:00Z");

test("a rebuild asks content for at most 100 followed accounts per call and keeps the newest posts", async () => {
  const following = Array.from({ length: 250 }, (_, i) => `a${i}`);
  const asked: number[] = [];
  const ctx = {
    timelines: createTimelineStore(cache, 800),
    graph: { following: async () => following },
    content: {
      // Each account has one post; content answers a group newest first (a page of ≤ 100).
      postsByAuthors: async (ids: readonly string[]) => {
        asked.push(ids.length);
        const posts = ids.map((id) =>
          create(PostSchema, {
            id: `p-${id}`,
            authorId: id,
            publishedAt: timestampFromMs(T + Number(id.slice(1))),
          }),
        );
        return { posts, nextCursor: "" };
      },
    },
  } as unknown as ServiceContext;
  expect(await rebuildHomeTimeline(ctx, "me")).toBe(250);
  expect(asked).toEqual([100, 100, 50]);
  const top = await ctx.timelines.readTop("me", 3);
  expect(top.complete).toBe(true);
  expect(top.entries.map((e) => e.postId)).toEqual(["p-a249", "p-a248", "p-a247"]);
});
