import { afterAll, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import { createEmbeddedCacheStore, createInstanceCache, type InstanceCache } from "@nova/cache";
import { type EngagementCounts, PostEngagementSchema, type SocialService } from "@nova/proto/social/v1";
import { createSocialPeer } from "./social-peer.ts";

/** social-service's answers: counts by post, states by `viewer|post`; every call recorded. */
function fakeSocial() {
  const likes = new Map<string, number>();
  const liked = new Set<string>();
  const calls: { viewerId: string; postIds: string[] }[] = [];
  const client = {
    async batchGetEngagement(req: { viewerId: string; postIds: string[] }) {
      calls.push({ viewerId: req.viewerId, postIds: [...req.postIds] });
      return {
        engagements: req.postIds.map((postId) =>
          create(PostEngagementSchema, {
            postId,
            counts: { likes: BigInt(likes.get(postId) ?? 0) },
            viewerState: { liked: liked.has(`${req.viewerId}|${postId}`) },
          }),
        ),
      };
    },
  } as unknown as Client<typeof SocialService>;
  const like = (viewerId: string, postId: string) => {
    liked.add(`${viewerId}|${postId}`);
    likes.set(postId, (likes.get(postId) ?? 0) + 1);
  };
  return { client, calls, like };
}

const store = createEmbeddedCacheStore();
const caches: InstanceCache<unknown>[] = [];
async function held<T>(name: string) {
  const cache = await createInstanceCache<T>({ store, name, maxEntries: 1_000, ttlMs: 60_000 });
  caches.push(cache as InstanceCache<unknown>);
  return cache;
}
afterAll(async () => {
  for (const c of caches) await c.close();
});

async function peer() {
  const social = fakeSocial();
  const engagement = {
    counts: await held<EngagementCounts>("counts"),
    viewerStates: await held<number>("states"),
  };
  return { social, peer: createSocialPeer(social.client, engagement) };
}
const summary = (m: Map<string, { counts?: { likes: bigint }; viewerState?: { liked: boolean } }>) =>
  [...m].map(([id, e]) => `${id}:${e.counts?.likes}:${e.viewerState?.liked ? "liked" : "-"}`);

describe("social peer: engagement held per instance", () => {
  test("a page seen lately is answered without asking social; one call fills counts and the viewer's states", async () => {
    const { social, peer: p } = await peer();
    social.like("v", "p1");
    expect(summary(await p.engagement("v", ["p1", "p2"]))).toEqual(["p1:1:liked", "p2:0:-"]);
    expect(summary(await p.engagement("v", ["p1", "p2"]))).toEqual(["p1:1:liked", "p2:0:-"]);
    expect(social.calls).toEqual([{ viewerId: "v", postIds: ["p1", "p2"] }]);
    // Another viewer: counts are held, only its own states are asked for.
    expect(summary(await p.engagement("w", ["p1"]))).toEqual(["p1:1:-"]);
    expect(social.calls.at(-1)).toEqual({ viewerId: "w", postIds: ["p1"] });
    // Anonymous: counts only, nothing asked.
    expect(summary(await p.engagement(undefined, ["p1", "p2"]))).toEqual(["p1:1:-", "p2:0:-"]);
    expect(social.calls).toHaveLength(2);
  });

  test("a like's events drop the post's counters and the liker's view: the next read asks for that post only", async () => {
    const { social, peer: p } = await peer();
    await p.engagement("v", ["p1", "p2"]);
    await p.engagement("w", ["p1", "p2"]);
    social.like("v", "p1");
    expect(summary(await p.engagement("v", ["p1", "p2"]))).toEqual(["p1:0:-", "p2:0:-"]); // not yet told
    await Promise.all([p.forgetCounts(["p1"]), p.forgetViewerState("v", "p1")]);
    const before = social.calls.length;
    expect(summary(await p.engagement("v", ["p1", "p2"]))).toEqual(["p1:1:liked", "p2:0:-"]);
    expect(summary(await p.engagement("w", ["p1", "p2"]))).toEqual(["p1:1:-", "p2:0:-"]);
    // w's state of p1 was never needed while nobody had engaged with it: asked now, for p1 only.
    expect(social.calls.slice(before)).toEqual([
      { viewerId: "v", postIds: ["p1"] },
      { viewerId: "w", postIds: ["p1"] },
    ]);
  });

  test("posts nobody has engaged with need no viewer state: one call per post and instance, not per viewer", async () => {
    const { social, peer: p } = await peer();
    expect(summary(await p.engagement("v", ["n1", "n2"]))).toEqual(["n1:0:-", "n2:0:-"]);
    for (const viewer of ["w", "x", "y"]) await p.engagement(viewer, ["n1", "n2"]);
    expect(social.calls).toEqual([{ viewerId: "v", postIds: ["n1", "n2"] }]);
  });

  test("a page missing some counters and, for other posts, the viewer's state costs one call", async () => {
    const { social, peer: p } = await peer();
    social.like("x", "p1");
    await p.engagement("v", ["p1", "p2"]);
    await Promise.all([p.forgetViewerState("v", "p1"), p.forgetCounts(["p2"])]);
    const before = social.calls.length;
    expect(summary(await p.engagement("v", ["p1", "p2"]))).toEqual(["p1:1:-", "p2:0:-"]);
    expect(social.calls.slice(before)).toEqual([{ viewerId: "v", postIds: ["p2", "p1"] }]);
  });
});
