import { afterEach, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { PostSchema } from "@nova/proto/content/v1";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import type { ServiceContext } from "../context.ts";
import { handlePeerEvent } from "../events/subscribe-to-peer-events.ts";
import { deliveredEvent } from "../testing/delivered-event.ts";
import { createReadTestStores } from "../testing/read-test-stores.ts";
import { createLimitedAccounts } from "./limited-accounts.ts";
import { readExplore } from "./read-explore.ts";
import { createTrendingStore } from "./trending-store.ts";

const { cache, db, publicPosts, reset } = await createReadTestStores("explore-public-posts");
afterEach(reset);

const NOW = Date.parse("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;
// LIM is an account id (feed's uuid column); FAN follows LIM; STRANGER follows nobody.
const LIM = "0193a0b0-0000-7000-8000-00000000000c";
const FOLLOWS: Record<string, string[]> = { FAN: [LIM] };

/** Explore over the real trending and limited-accounts stores; content shows every post to anyone. */
function world() {
  const authorOf = new Map<string, string>();
  const ctx = {
    clock: () => new Date(NOW),
    log: { warn() {} },
    store: cache,
    trending: createTrendingStore(cache, 100),
    limited: createLimitedAccounts(db.db, { snapshotMs: 0, clock: () => new Date(NOW) }),
    graph: {
      hiddenAuthors: async () => ({ blocked: new Set<string>(), muted: new Set<string>() }),
      followedAmong: async (viewerId: string, ids: readonly string[]) =>
        ids.filter((id) => FOLLOWS[viewerId]?.includes(id)),
    },
    publicPosts,
    content: {
      publicPosts: async (ids: readonly string[]) =>
        ids.map((id) => create(PostSchema, { id, authorId: authorOf.get(id) ?? "" })),
    },
  } as unknown as ServiceContext;
  const trend = async (postId: string, authorId: string, engagement: number) => {
    authorOf.set(postId, authorId);
    await ctx.trending.add({ postId, authorId, at: NOW - HOUR });
    await ctx.trending.bump(postId, engagement);
  };
  return { ctx, trend };
}

const limitEvent = (active: boolean, action = "limit", subjectType = "account") =>
  deliveredEvent(EnforcementChangedSchema, {
    actionId: "act-1",
    subjectType,
    subjectId: LIM,
    subjectAccountId: LIM,
    action,
    active,
  });

const explore = async (ctx: ServiceContext, accountId?: string) =>
  (
    await readExplore({
      ctx,
      viewer: accountId ? ({ accountId } as never) : undefined,
      input: { limit: 20, withEngagement: false },
    })
  ).items.map((p) => p.id);

describe("explore and trust-safety's limit", () => {
  test("a limited account leaves explore for non-followers and logged-out viewers, stays for followers and itself; lifting restores", async () => {
    const { ctx, trend } = world();
    await trend("lim-post", LIM, 9);
    await trend("other", "OTHER", 3);
    const handle = handlePeerEvent(ctx);
    expect(await explore(ctx, "STRANGER")).toEqual(["lim-post", "other"]);

    await handle(limitEvent(true));
    expect(await explore(ctx, "STRANGER")).toEqual(["other"]);
    expect(await explore(ctx)).toEqual(["other"]);
    expect(await explore(ctx, "FAN")).toEqual(["lim-post", "other"]);
    expect(await explore(ctx, LIM)).toEqual(["lim-post", "other"]);

    await handle(limitEvent(false));
    expect(await explore(ctx, "STRANGER")).toEqual(["lim-post", "other"]);
  });

  test("other actions and subjects change nothing; a redelivered limit is applied once", async () => {
    const { ctx, trend } = world();
    await trend("lim-post", LIM, 9);
    const handle = handlePeerEvent(ctx);
    await handle(limitEvent(true, "label"));
    await handle(limitEvent(true, "limit", "post"));
    expect(await explore(ctx, "STRANGER")).toEqual(["lim-post"]);
    const limit = limitEvent(true);
    await handle(limit);
    await handle(limit);
    expect([...(await ctx.limited.all())]).toEqual([LIM]);
    await handle(limitEvent(false));
    expect(await explore(ctx, "STRANGER")).toEqual(["lim-post"]);
  });
});

describe("paging through explore", () => {
  const page = (ctx: ServiceContext, limit: number, cursor?: string) =>
    readExplore({ ctx, viewer: undefined, input: { limit, cursor, withEngagement: false } });

  test("pages go through the trending order the first page was served from, one post per author on a page", async () => {
    const { ctx, trend } = world();
    const authors = ["X", "Y", "Z", "X", "X", "Y", "W", "Z"];
    for (const [i, author] of authors.entries()) await trend(`p${i}`, author, 40 - 2 * i);
    const first = await page(ctx, 2);
    expect(first.items.map((p) => p.id)).toEqual(["p0", "p1"]);
    // A new post trends above everything after the first page: the kept order doesn't move.
    await trend("late", "V", 99);
    const second = await page(ctx, 3, first.nextCursor as string);
    // p4 is X's second post on this page: passed over, and not offered again later.
    expect(second.items.map((p) => p.id)).toEqual(["p2", "p3", "p5"]);
    expect(second.nextCursor).not.toBeNull();
    const third = await page(ctx, 3, second.nextCursor as string);
    expect(third.items.map((p) => p.id)).toEqual(["p6", "p7"]);
    expect(third.nextCursor).toBeNull();
    // A new first page sees the new order.
    expect((await page(ctx, 1)).items.map((p) => p.id)).toEqual(["late"]);
  });

  test("a limit placed between pages applies to the next page; an unknown order is a 400", async () => {
    const { ctx, trend } = world();
    await trend("a", "A1", 9);
    await trend("l", LIM, 8);
    await trend("b", "B1", 7);
    const first = await page(ctx, 1);
    expect(first.items.map((p) => p.id)).toEqual(["a"]);
    await handlePeerEvent(ctx)(limitEvent(true));
    expect((await page(ctx, 5, first.nextCursor as string)).items.map((p) => p.id)).toEqual(["b"]);
    const unknown = Buffer.from(
      JSON.stringify({ s: "00000000-0000-4000-8000-000000000000", o: 1, n: 1 }),
    ).toString("base64url");
    await expect(page(ctx, 5, unknown)).rejects.toMatchObject({ code: "invalid_argument" });
  });
});
