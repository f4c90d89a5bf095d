import { afterEach, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { UnavailableError } from "@nova/errors";
import { PostSchema } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import type { ImpressionLogPeer } from "../peers/impression-log-peer.ts";
import type { RankingPeer } from "../peers/ranking-peer.ts";
import { createReadTestStores } from "../testing/read-test-stores.ts";
import { createEngagementStore } from "./engagement-store.ts";
import { createLimitedAccounts } from "./limited-accounts.ts";
import { readForYou } from "./read-for-you.ts";
import { createTimelineStore } from "./timeline-store.ts";
import { createTrendingStore } from "./trending-store.ts";

const { cache, db, publicPosts, reset } = await createReadTestStores("public-posts");
afterEach(reset);

const NOW = Date.parse("2026-11-27T12:00:00Z");
const MIN = 60_000;
const ME = "me";
// Accounts under a limit (their ids go to feed's uuid column): one the viewer follows, one it doesn't.
const LIMITED = "0193a0b0-0000-7000-8000-00000000000a";
const FOLLOWED_LIMITED = "0193a0b0-0000-7000-8000-00000000000b";
const viewer = { accountId: ME } as Parameters<typeof readForYou>[0]["viewer"];

/**
 * The service context around real cache-backed stores and recording fakes for the peers: `me`
 * follows A and B; M is muted; content hides the posts listed in `invisible` (as it would a
 * followers-only post of an author the viewer doesn't follow).
 */
function world(
  opts: {
    cap?: number;
    ranking?: RankingPeer["rank"];
    invisible?: string[];
    replies?: string[];
    /** Authors the viewer blocks; may change between reads. */
    blocked?: Set<string>;
  } = {},
) {
  const ranked: { candidates: { postId: string; source?: string }[] }[] = [];
  const logged: Parameters<ImpressionLogPeer["record"]>[0][] = [];
  const authorOf = new Map<string, string>();
  const ctx = {
    config: { extra: { FEED_FOR_YOU_CANDIDATES: opts.cap ?? 500, FEED_FANOUT_THRESHOLD: 10_000 } },
    clock: () => new Date(NOW),
    log: { warn() {} },
    store: cache,
    timelines: createTimelineStore(cache, 800),
    trending: createTrendingStore(cache, 100),
    engaged: createEngagementStore(cache),
    limited: createLimitedAccounts(db.db, { snapshotMs: 0, clock: () => new Date(NOW) }),
    graph: {
      followedAmong: async (id: string, ids: readonly string[]) =>
        id === ME ? ids.filter((x) => x === "A" || x === "B" || x === FOLLOWED_LIMITED) : [],
      following: async (id: string, max: number) => (id === ME ? ["A", "B"].slice(0, max) : []),
      followerCounts: async () => new Map(),
      hiddenAuthors: async () => ({ blocked: new Set(opts.blocked), muted: new Set(["M"]) }),
    },
    publicPosts,
    content: {
      // Nothing is public here: every post is asked with the viewer's token.
      publicPosts: async () => [],
      visiblePosts: async (ids: readonly string[]) =>
        ids
          .filter((id) => !opts.invisible?.includes(id))
          .map((id) =>
            create(PostSchema, {
              id,
              authorId: authorOf.get(id) ?? "",
              replyToPostId: opts.replies?.includes(id) ? "parent" : "",
            }),
          ),
    },
    social: { engagement: async () => new Map() },
    media: { media: async () => new Map() },
    users: {
      authors: async (ids: readonly string[]) =>
        new Map(ids.map((id) => [id, { id, username: `u_${id}`, displayName: id, avatarMediaId: null }])),
    },
    ranking: {
      async rank(viewerId: string, candidates: { postId: string; source?: string }[], source: string) {
        ranked.push({ candidates });
        if (opts.ranking) return opts.ranking(viewerId, candidates as never, source);
        // A recognisable order: reversed; score = 1 / (rank + 1).
        const postIds = candidates.map((c) => c.postId).reverse();
        const scored = new Map(
          postIds.map((id, i) => [id, { score: 1 / (i + 1), features: { freshness: i } }]),
        );
        return { postIds, modelVersion: "m1", rankingId: "r1", scored };
      },
    },
    impressionLog: {
      async record(page: Parameters<ImpressionLogPeer["record"]>[0]) {
        logged.push(page);
      },
    },
  } as unknown as ServiceContext;
  const home = (postId: string, authorId: string, at: number) => {
    authorOf.set(postId, authorId);
    return ctx.timelines.push([ME], { postId, authorId, at });
  };
  const engage = (by: string, postId: string, authorId: string, at: number) => {
    authorOf.set(postId, authorId);
    return ctx.engaged.add(by, { postId, authorId, at });
  };
  const trend = async (postId: string, authorId: string, at: number, engagement: number) => {
    authorOf.set(postId, authorId);
    await ctx.trending.add({ postId, authorId, at });
    if (engagement) await ctx.trending.bump(postId, engagement);
  };
  return { ctx, ranked, logged, home, engage, trend };
}

async function seed(w: ReturnType<typeof world>) {
  await w.home("a1", "A", NOW - 10 * MIN);
  await w.home("mine", ME, NOW - 20 * MIN);
  await w.engage("A", "c1", "C", NOW - 5 * MIN); // friends-of-friends
  await w.engage("B", "a1", "A", NOW - 4 * MIN); // already in the home timeline
  await w.engage("A", "own", ME, NOW - 3 * MIN); // the viewer's own post
  await w.engage("B", "m1", "M", NOW - 2 * MIN); // a muted author
  await w.engage("Z", "z1", "D", NOW - MIN); // Z is not followed
  await w.trend("hot", "E", NOW - 30 * MIN, 5);
  await w.trend("cold", "F", NOW - 15 * MIN, 0); // no engagement: not trending
  await w.trend("c1", "C", NOW - 40 * MIN, 2); // found as friends-of-friends first
}

const idsAndSources = (items: { id: string; source: string }[]) => items.map((p) => [p.id, p.source]);

describe("for-you candidates", () => {
  test("home, friends-of-friends and trending posts go to ranking with their source; ranking's order is served", async () => {
    const w = world();
    await seed(w);
    const page = await readForYou({ ctx: w.ctx, viewer, input: { limit: 20 } });
    expect(w.ranked[0]?.candidates.map((c) => [c.postId, c.source])).toEqual([
      ["a1", "following"],
      ["mine", "following"],
      ["c1", "friends_of_friends"],
      ["hot", "trending"],
    ]);
    expect(page).toMatchObject({ ranked: true, fallbackReason: null, modelVersion: "m1" });
    expect(idsAndSources(page.items)).toEqual([
      ["hot", "trending"],
      ["c1", "friends_of_friends"],
      ["mine", "following"],
      ["a1", "following"],
    ]);
    // Each item carries its author's profile (user-service, one call with the candidates' authors).
    expect(page.items.map((p) => p.author?.username)).toEqual(page.items.map((p) => `u_${p.authorId}`));
  });

  test("without ranking the page is in time order and says why", async () => {
    const w = world({
      ranking: async () => {
        throw new UnavailableError("ranking-service is down");
      },
    });
    await seed(w);
    const page = await readForYou({ ctx: w.ctx, viewer, input: { limit: 20 } });
    expect(page.ranked).toBe(false);
    expect(page.fallbackReason).toBe("ranking-service unavailable (unavailable)");
    expect(page.modelVersion).toBeNull();
    expect(page.items.map((p) => p.id)).toEqual(["c1", "a1", "mine", "hot"]);
  });

  test("what content won't show the viewer, and replies, are left out; the page is still filled", async () => {
    const w = world({ invisible: ["hot"], replies: ["c1"] });
    await seed(w);
    const page = await readForYou({ ctx: w.ctx, viewer, input: { limit: 2 } });
    expect(page.items.map((p) => p.id)).toEqual(["mine", "a1"]);
  });

  test("the served page's impressions are logged with analytics as shown (positions after filtering, scores, features)", async () => {
    const w = world({ invisible: ["hot"], replies: ["c1"] });
    await seed(w);
    await readForYou({ ctx: w.ctx, viewer, input: { limit: 2 } });
    expect(w.logged).toEqual([
      {
        viewerId: ME,
        surface: "for_you",
        rankingId: "r1",
        modelVersion: "m1",
        servedAt: new Date(NOW),
        impressions: [
          // Ranking's order was hot, c1, mine, a1 (scores 1, 1/2, 1/3, 1/4); hot and c1 were not shown.
          { postId: "mine", authorId: ME, position: 0, score: 1 / 3, features: { freshness: 2 } },
          { postId: "a1", authorId: "A", position: 1, score: 1 / 4, features: { freshness: 3 } },
        ],
      },
    ]);
  });

  test("a page served without ranking logs no impressions", async () => {
    const w = world({
      ranking: async () => {
        throw new UnavailableError("ranking-service is down");
      },
    });
    await seed(w);
    await readForYou({ ctx: w.ctx, viewer, input: { limit: 20 } });
    expect(w.logged).toEqual([]);
  });

  test("at most FEED_FOR_YOU_CANDIDATES candidates are sent", async () => {
    const w = world({ cap: 10 });
    for (let i = 0; i < 30; i++) await w.home(`h${i}`, "A", NOW - i * MIN);
    for (let i = 0; i < 30; i++) await w.engage("B", `o${i}`, "C", NOW - i * MIN);
    for (let i = 0; i < 30; i++) await w.trend(`t${i}`, "E", NOW - i * MIN, 1);
    await readForYou({ ctx: w.ctx, viewer, input: { limit: 20 } });
    const sent = w.ranked[0]?.candidates ?? [];
    expect(sent).toHaveLength(10);
    expect(new Set(sent.map((c) => c.source))).toEqual(
      new Set(["following", "friends_of_friends", "trending"]),
    );
  });

  test("requires a signed-in viewer", async () => {
    const w = world();
    await expect(readForYou({ ctx: w.ctx, viewer: undefined, input: { limit: 20 } })).rejects.toThrow();
  });
  test("a limited account's trending post is left out unless the viewer follows it; lifting brings it back", async () => {
    const w = world();
    await seed(w);
    await w.trend("l-hot", LIMITED, NOW - 33 * MIN, 6);
    await w.trend("f-hot", FOLLOWED_LIMITED, NOW - 35 * MIN, 4);
    await w.ctx.limited.limit(LIMITED, new Date(NOW));
    await w.ctx.limited.limit(FOLLOWED_LIMITED, new Date(NOW));
    await readForYou({ ctx: w.ctx, viewer, input: { limit: 20 } });
    const sent = (i: number) =>
      w.ranked[i]?.candidates.filter((c) => c.source === "trending").map((c) => c.postId);
    expect(sent(0)).toEqual(["hot", "f-hot"]);
    await w.ctx.limited.lift(LIMITED);
    await readForYou({ ctx: w.ctx, viewer, input: { limit: 20 } });
    expect(sent(1)).toEqual(["l-hot", "hot", "f-hot"]);
  });
});

describe("paging through a for-you order", () => {
  const all = async (w: ReturnType<typeof world>, limit: number, as = viewer) => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await readForYou({ ctx: w.ctx, viewer: as, input: { limit, cursor } });
      pages.push(page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 20);
    return pages;
  };

  test("pages go through the order the first page was served from: no repeats, no gaps, ranking asked once", async () => {
    let flip = false;
    const w = world({
      invisible: ["h3", "h11"],
      // Ranking's answer changes between calls: only the first may count.
      ranking: async (_v, candidates) => {
        const postIds = candidates.map((c) => c.postId);
        if (flip) postIds.reverse();
        flip = true;
        return { postIds, modelVersion: "m1", rankingId: "r1", scored: new Map() };
      },
    });
    for (let i = 0; i < 25; i++) await w.home(`h${i}`, "A", NOW - i * MIN);
    const pages = await all(w, 10);
    const expected = Array.from({ length: 25 }, (_, i) => `h${i}`).filter(
      (id) => id !== "h3" && id !== "h11",
    );
    expect(pages).toEqual([expected.slice(0, 10), expected.slice(10, 20), expected.slice(20)]);
    expect(w.ranked).toHaveLength(1);
    // A first page names itself (GraphQL's edge cursors start from it): read again, it is the same
    // page, though a fresh ranking now answers in reverse.
    const again = await readForYou({ ctx: w.ctx, viewer, input: { limit: 3 } });
    const reread = await readForYou({
      ctx: w.ctx,
      viewer,
      input: { limit: 3, cursor: again.pageCursor as string },
    });
    expect(reread.items.map((p) => p.id)).toEqual(again.items.map((p) => p.id));
    expect(again.items.map((p) => p.id)).toEqual(["h24", "h23", "h22"]);
  });

  test("a block between pages applies to the very next page", async () => {
    const blocked = new Set<string>();
    const w = world({ blocked });
    for (let i = 0; i < 6; i++) await w.home(`a${i}`, "A", NOW - i * MIN);
    for (let i = 0; i < 6; i++) await w.home(`b${i}`, "B", NOW - (i + 0.5) * MIN);
    const first = await readForYou({ ctx: w.ctx, viewer, input: { limit: 4 } });
    expect(first.items.map((p) => p.authorId)).toContain("B");
    blocked.add("B");
    const second = await readForYou({
      ctx: w.ctx,
      viewer,
      input: { limit: 20, cursor: first.nextCursor as string },
    });
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.map((p) => p.authorId).filter((a) => a === "B")).toEqual([]);
    expect(second.nextCursor).toBeNull();
  });

  test("another viewer's cursor, an order no longer kept and a made-up cursor are 400s", async () => {
    const w = world();
    for (let i = 0; i < 6; i++) await w.home(`h${i}`, "A", NOW - i * MIN);
    const first = await readForYou({ ctx: w.ctx, viewer, input: { limit: 2 } });
    const cursor = first.nextCursor as string;
    const other = { accountId: "someone-else" } as typeof viewer;
    await expect(
      readForYou({ ctx: w.ctx, viewer: other, input: { limit: 2, cursor } }),
    ).rejects.toMatchObject({
      code: "invalid_argument",
      message: expect.stringContaining("cursor expired"),
    });
    const forged = Buffer.from(
      JSON.stringify({ s: "00000000-0000-4000-8000-000000000000", o: 0, n: 0 }),
    ).toString("base64url");
    await expect(
      readForYou({ ctx: w.ctx, viewer, input: { limit: 2, cursor: forged } }),
    ).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(
      readForYou({ ctx: w.ctx, viewer, input: { limit: 2, cursor: "bm90IGEgY3Vyc29y" } }),
    ).rejects.toMatchObject({ code: "invalid_argument", message: "invalid cursor" });
    // The owner's cursor still works.
    const second = await readForYou({ ctx: w.ctx, viewer, input: { limit: 2, cursor } });
    expect(second.items.map((p) => p.id)).toEqual(["h3", "h2"]);
  });

  test("impressions of a later page are logged with positions after the earlier pages'", async () => {
    const w = world();
    for (let i = 0; i < 5; i++) await w.home(`h${i}`, "A", NOW - i * MIN);
    const first = await readForYou({ ctx: w.ctx, viewer, input: { limit: 3 } });
    await readForYou({ ctx: w.ctx, viewer, input: { limit: 3, cursor: first.nextCursor as string } });
    expect(w.logged.map((l) => l.impressions.map((i) => [i.postId, i.position]))).toEqual([
      [
        ["h4", 0],
        ["h3", 1],
        ["h2", 2],
      ],
      [
        ["h1", 3],
        ["h0", 4],
      ],
    ]);
    expect(w.logged[1]).toMatchObject({ rankingId: "r1", modelVersion: "m1", surface: "for_you" });
  });
});
