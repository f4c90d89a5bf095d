import { afterEach, describe, expect, test } from "bun:test";
import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { createEmbeddedCacheStore } from "@nova/cache";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  CommentHiddenSchema,
  CommentRestoredSchema,
} from "@nova/proto/content/v1";
import {
  BookmarkCreatedSchema,
  BookmarkDeletedSchema,
  LikeCreatedSchema,
  LikeDeletedSchema,
  PostCountersChangedSchema,
  RepostCreatedSchema,
  RepostDeletedSchema,
  SubjectKind,
} from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { createEngagementStore } from "../domain/engagement-store.ts";
import { createTimelineStore } from "../domain/timeline-store.ts";
import { createTrendingStore, type TrendingStore } from "../domain/trending-store.ts";
import { deliveredEvent } from "../testing/delivered-event.ts";
import { applyContentEvent } from "./apply-content-event.ts";
import { applySocialEvent } from "./apply-social-event.ts";

const cache = createEmbeddedCacheStore();
afterEach(() => cache.deleteByPrefix("feed:"));

const NOW = Date.parse("2026-11-27T12:00:00Z");

/** What the appliers told the social peer to forget: `counts:<post>`, `state:<account>|<post>`. */
let forgotten: string[] = [];
afterEach(() => {
  forgotten = [];
});
const recordingSocial = {
  engagement: async () => new Map(),
  forgetCounts: async (ids: readonly string[]) => void forgotten.push(...ids.map((id) => `counts:${id}`)),
  forgetViewerState: async (accountId: string, postId: string) =>
    void forgotten.push(`state:${accountId}|${postId}`),
};

/** The part of the service context the appliers touch, on the embedded cache. */
function context(trending: TrendingStore = createTrendingStore(cache, 100)) {
  return {
    store: cache,
    social: recordingSocial,
    trending,
    engaged: createEngagementStore(cache),
    reposts: createTimelineStore(cache, 800, "reposts"),
    clock: () => new Date(NOW),
  } as unknown as ServiceContext;
}

const delivered = <S extends DescMessage>(id: string, schema: S, init: MessageInitShape<S>) =>
  deliveredEvent(schema, init, { id, occurredAt: new Date(NOW) });

const like = (id: string, accountId: string, postId = "p1", kind = SubjectKind.POST) =>
  delivered(id, LikeCreatedSchema, {
    accountId,
    subjectKind: kind,
    subjectId: postId,
    subjectAuthorId: "c",
    postId,
    createdAt: timestampFromMs(NOW - 1_000),
  });
const unlike = (id: string, accountId: string, postId = "p1") =>
  delivered(id, LikeDeletedSchema, { accountId, subjectKind: SubjectKind.POST, subjectId: postId, postId });

async function engagementOf(ctx: ServiceContext, postId: string): Promise<number> {
  await ctx.trending.add({ postId, authorId: "c", at: NOW - 60_000 });
  return (await ctx.trending.candidates(NOW)).find((c) => c.postId === postId)?.engagement ?? -1;
}
const engagedPosts = async (ctx: ServiceContext, accountId: string) =>
  (await ctx.engaged.recent(accountId, 100, NOW)).map((e) => `${e.authorId}:${e.postId}`);

describe("social events: trending counters and engaged sets, once per event", () => {
  test("a like enters the liker's engaged set (author from the event) and counts once when redelivered", async () => {
    const ctx = context();
    await applySocialEvent(ctx, like("e1", "a"));
    await applySocialEvent(ctx, like("e1", "a"));
    await applySocialEvent(ctx, like("e2", "b"));
    expect(await engagementOf(ctx, "p1")).toBe(2);
    expect(await engagedPosts(ctx, "a")).toEqual(["c:p1"]);
    expect((await ctx.engaged.recent("a", 10, NOW))[0]?.at).toBe(NOW - 1_000);
  });

  test("an undo removes the engagement; its redelivery doesn't lower the counter twice", async () => {
    const ctx = context();
    await applySocialEvent(ctx, like("e1", "a"));
    await applySocialEvent(ctx, like("e2", "b"));
    await applySocialEvent(ctx, unlike("e3", "a"));
    await applySocialEvent(ctx, unlike("e3", "a"));
    expect(await engagementOf(ctx, "p1")).toBe(1);
    expect(await engagedPosts(ctx, "a")).toEqual([]);
    expect(await engagedPosts(ctx, "b")).toEqual(["c:p1"]);
  });

  test("a like redelivered after its undo doesn't bring the engagement back", async () => {
    const ctx = context();
    await applySocialEvent(ctx, like("e1", "a"));
    await applySocialEvent(ctx, unlike("e2", "a"));
    await applySocialEvent(ctx, like("e1", "a"));
    expect(await engagedPosts(ctx, "a")).toEqual([]);
    expect(await engagementOf(ctx, "p1")).toBe(0);
  });

  test("reposts weigh 3 and their undo removes them; likes of comments are ignored", async () => {
    const ctx = context();
    const repost = delivered("r1", RepostCreatedSchema, {
      repostId: "rp",
      accountId: "a",
      postId: "p2",
      postAuthorId: "d",
      createdAt: timestampFromMs(NOW - 5_000),
    });
    await applySocialEvent(ctx, repost);
    await applySocialEvent(ctx, repost);
    await applySocialEvent(ctx, like("e1", "a", "p3", SubjectKind.COMMENT));
    expect(await engagementOf(ctx, "p2")).toBe(3);
    expect(await engagementOf(ctx, "p3")).toBe(0);
    expect(await engagedPosts(ctx, "a")).toEqual(["d:p2"]);
    // The repost (not the like of a comment) enters a's reposts, at the repost's time, once.
    expect(await ctx.reposts.read("a", 10)).toEqual([{ authorId: "d", postId: "p2", at: NOW - 5_000 }]);
    await applySocialEvent(
      ctx,
      delivered("r2", RepostDeletedSchema, { repostId: "rp", accountId: "a", postId: "p2" }),
    );
    expect(await engagedPosts(ctx, "a")).toEqual([]);
    expect(await ctx.reposts.read("a", 10)).toEqual([]);
    expect(await engagementOf(ctx, "p2")).toBe(0);
  });

  test("a failure after marking unmarks the event, so the retry applies it (once)", async () => {
    const real = createTrendingStore(cache, 100);
    let failures = 1;
    const flaky: TrendingStore = {
      ...real,
      async bump(postId, weight) {
        if (failures-- > 0) throw new Error("cache hiccup");
        await real.bump(postId, weight);
      },
    };
    const ctx = context(flaky);
    await expect(applySocialEvent(ctx, like("e1", "a"))).rejects.toThrow("cache hiccup");
    await applySocialEvent(ctx, like("e1", "a"));
    await applySocialEvent(ctx, like("e1", "a"));
    expect(await engagementOf(ctx, "p1")).toBe(1);
    expect(await engagedPosts(ctx, "a")).toEqual(["c:p1"]);
  });
});

describe("held engagement is dropped by the events that change it", () => {
  test("likes, reposts and bookmarks (and their undo) drop the post's counters and the account's view; comment likes nothing", async () => {
    const ctx = context();
    await applySocialEvent(ctx, like("e1", "a", "p1"));
    await applySocialEvent(ctx, unlike("e2", "a", "p1"));
    await applySocialEvent(ctx, like("e3", "a", "p9", SubjectKind.COMMENT));
    await applySocialEvent(
      ctx,
      delivered("e4", RepostCreatedSchema, {
        repostId: "r1",
        accountId: "b",
        postId: "p2",
        postAuthorId: "c",
      }),
    );
    await applySocialEvent(
      ctx,
      delivered("e5", RepostDeletedSchema, { repostId: "r1", accountId: "b", postId: "p2" }),
    );
    await applySocialEvent(ctx, delivered("e6", BookmarkCreatedSchema, { accountId: "d", postId: "p3" }));
    await applySocialEvent(ctx, delivered("e7", BookmarkDeletedSchema, { accountId: "d", postId: "p3" }));
    expect(forgotten).toEqual([
      ...["counts:p1", "state:a|p1"],
      ...["counts:p1", "state:a|p1"],
      ...["counts:p2", "state:b|p2"],
      ...["counts:p2", "state:b|p2"],
      ...["counts:p3", "state:d|p3"],
      ...["counts:p3", "state:d|p3"],
    ]);
  });

  test("social's PostCountersChanged (a comment or quote it counted) drops the post's counters; content's comment events do not", async () => {
    const ctx = context();
    const comment = { comment: { id: "c1", postId: "p1", postAuthorId: "x", authorId: "a" } };
    await applyContentEvent(ctx, delivered("e1", CommentCreatedSchema, comment));
    await applyContentEvent(ctx, delivered("e2", CommentDeletedSchema, { commentId: "c1", postId: "p1" }));
    expect(forgotten).toEqual([]); // social may not have counted them yet
    await applySocialEvent(ctx, delivered("e3", PostCountersChangedSchema, { postId: "p1" }));
    expect(forgotten).toEqual(["counts:p1"]);
  });
});

describe("content events: comments count once", () => {
  test("a redelivered CommentCreated or CommentDeleted counts once", async () => {
    const ctx = context();
    const comment = delivered("c1", CommentCreatedSchema, {
      comment: { id: "k1", postId: "p1", authorId: "b" },
    });
    await applyContentEvent(ctx, comment);
    await applyContentEvent(ctx, comment);
    await applyContentEvent(
      ctx,
      delivered("c2", CommentCreatedSchema, { comment: { id: "k2", postId: "p1" } }),
    );
    expect(await engagementOf(ctx, "p1")).toBe(4);
    const gone = delivered("c3", CommentDeletedSchema, { commentId: "k1", postId: "p1" });
    await applyContentEvent(ctx, gone);
    await applyContentEvent(ctx, gone);
    expect(await engagementOf(ctx, "p1")).toBe(2);
  });
  test("a comment a moderator hid stops counting in trending, once; restored it counts again", async () => {
    const ctx = context();
    const comment = { id: "k1", postId: "p1", authorId: "b" };
    await applyContentEvent(ctx, delivered("h1", CommentCreatedSchema, { comment }));
    const hidden = delivered("h2", CommentHiddenSchema, {
      commentId: "k1",
      postId: "p1",
      reason: "remove: spam",
    });
    await applyContentEvent(ctx, hidden);
    await applyContentEvent(ctx, hidden);
    expect(await engagementOf(ctx, "p1")).toBe(0);
    const restored = delivered("h3", CommentRestoredSchema, { comment });
    await applyContentEvent(ctx, restored);
    await applyContentEvent(ctx, restored);
    expect(await engagementOf(ctx, "p1")).toBe(2);
    // Hidden again, then deleted by its author: uncounted once, not twice.
    await applyContentEvent(
      ctx,
      delivered("h4", CommentCreatedSchema, { comment: { id: "k2", postId: "p1" } }),
    );
    await applyContentEvent(ctx, delivered("h5", CommentHiddenSchema, { commentId: "k1", postId: "p1" }));
    await applyContentEvent(
      ctx,
      delivered("h6", CommentDeletedSchema, { commentId: "k1", postId: "p1", wasHidden: true }),
    );
    expect(await engagementOf(ctx, "p1")).toBe(2);
  });
});
