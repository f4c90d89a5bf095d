import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { PostCreatedSchema } from "@nova/proto/content/v1";
import { FollowCreatedSchema } from "@nova/proto/graph/v1";
import { AccountCreatedSchema, AccountDeletedSchema } from "@nova/proto/identity/v1";
import { LikeCreatedSchema, SubjectKind } from "@nova/proto/social/v1";
import { peerEvent, startAnalyticsService } from "./support/analytics-harness.ts";

type H = Awaited<ReturnType<typeof startAnalyticsService>>;
let h: H;

beforeAll(async () => {
  h = await startAnalyticsService();
});
afterAll(async () => {
  await h?.close();
});

const now = () => new Date().toISOString();
const post = (token: string | undefined, body: unknown) =>
  h.json("/api/v1/analytics/events", token, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const today = () => new Date().toISOString().slice(0, 10);

describe("client event ingestion", () => {
  test("a repeated id in a batch counts once; a bad event is reported by index and the good ones kept", async () => {
    const me = await h.user();
    const repeated = crypto.randomUUID();
    const postId = crypto.randomUUID();
    const res = await post(me.token, {
      events: [
        { id: repeated, name: "app_open", occurredAt: now(), properties: {} },
        { id: repeated, name: "app_open", occurredAt: now(), properties: {} },
        {
          id: crypto.randomUUID(),
          name: "post_impression",
          occurredAt: now(),
          properties: { postId, surface: "home", position: 0, dwellMs: 1200 },
        },
        { id: crypto.randomUUID(), name: "post_impression", occurredAt: now(), properties: { postId } },
        { id: crypto.randomUUID(), name: "nope", occurredAt: now() },
        { id: crypto.randomUUID(), name: "app_open", occurredAt: "2020-01-01T00:00:00Z" },
        { id: "not-a-uuid", name: "app_open", occurredAt: now() },
        {
          id: crypto.randomUUID(),
          name: "screen_view",
          occurredAt: now(),
          properties: { screen: "x", ip: "1.2.3.4" },
        },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.duplicates).toBe(1);
    const rejected = res.body.rejected as { index: number; code: string }[];
    expect(rejected.map((r) => [r.index, r.code])).toEqual([
      [3, "invalid"],
      [4, "unknown_event"],
      [5, "clock_skew"],
      [6, "invalid"],
      [7, "invalid"], // unknown property (an IP) refused: schemas are strict
    ]);
    // Sent again: nothing new.
    const again = await post(me.token, { events: [{ id: repeated, name: "app_open", occurredAt: now() }] });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    // Stored rows: the account id only (no IP, no device id for a signed-in client).
    const stored = await h.ctx.store.eventsOf(me.id, 10);
    expect(stored.map((e) => e.name).sort()).toEqual(["app_open", "post_impression"]);
    expect(stored.every((e) => e.deviceId === null && !("ip" in e.properties))).toBe(true);
    expect(stored.find((e) => e.name === "post_impression")).toMatchObject({ postId, surface: "home" });
  });

  test("anonymous clients need a device id; more than 500 events or a non-batch is a 400 that stores nothing", async () => {
    const event = () => ({ id: crypto.randomUUID(), name: "app_open", occurredAt: now() });
    expect((await post(undefined, { events: [event()] })).status).toBe(400);
    const deviceId = crypto.randomUUID();
    const anon = await post(undefined, { deviceId, events: [event()] });
    expect(anon).toMatchObject({ status: 202, body: { accepted: 1 } });
    const big = Array.from({ length: 501 }, event);
    expect((await post(undefined, { deviceId, events: big })).status).toBe(400);
    expect((await post(undefined, "nope")).status).toBe(400);
  });
});

describe("domain events, queries and role checks", () => {
  test("signups, posts and likes count as activity; creators see their own posts; staff only for the rest", async () => {
    const [author, fan] = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    const postId = Bun.randomUUIDv7();
    const ts = timestampFromDate(new Date());
    const like = peerEvent("social-service", LikeCreatedSchema, {
      accountId: fan,
      subjectKind: SubjectKind.POST,
      subjectId: postId,
      postId,
      subjectAuthorId: author,
      createdAt: timestampFromDate(new Date(Date.now() + 1)), // after the signups: the funnel is strictly ordered
    });
    await h.deliver(
      peerEvent("identity-service", AccountCreatedSchema, {
        accountId: author,
        username: "a",
        createdAt: ts,
      }),
      peerEvent("identity-service", AccountCreatedSchema, { accountId: fan, username: "f", createdAt: ts }),
      peerEvent("content-service", PostCreatedSchema, {
        post: { id: postId, authorId: author, publishedAt: ts },
      }),
      like,
      like, // redelivered
      peerEvent("graph-service", FollowCreatedSchema, { followerId: fan, followeeId: author, createdAt: ts }),
    );

    const analyst = await h.staff("analyst");
    const moderator = await h.staff("moderator");
    const authorToken = await h.issuer.sign({ accountId: author });
    const dau = `/api/v1/analytics/active-users?granularity=day&from=${today()}&to=${today()}`;
    expect((await h.json(dau)).status).toBe(401);
    expect((await h.json(dau, authorToken)).status).toBe(403);
    expect((await h.json(dau, moderator.token)).status).toBe(403);
    const answer = await h.json(dau, analyst.token);
    expect(answer.status).toBe(200);
    const buckets = answer.body.buckets as { start: string; activeUsers: number }[];
    const before = buckets[0]?.activeUsers ?? 0;
    expect(before).toBeGreaterThanOrEqual(2);

    const mine = await h.json("/api/v1/analytics/me/posts", authorToken);
    expect(mine.status).toBe(200);
    expect(mine.body.posts).toEqual([
      {
        postId,
        totals: { impressions: 0, opens: 0, likes: 1, comments: 0, reposts: 0 },
        days: [{ day: today(), impressions: 0, opens: 0, likes: 1, comments: 0, reposts: 0 }],
      },
    ]);
    // The fan has no posts: its own view is empty, and it cannot ask for someone else's.
    const fanToken = await h.issuer.sign({ accountId: fan });
    expect((await h.json(`/api/v1/analytics/me/posts?authorId=${author}`, fanToken)).body.posts).toEqual([]);
    expect((await h.json("/api/v1/analytics/me/audience", authorToken)).body).toMatchObject({
      gained: 1,
      lost: 0,
    });

    const engagement = await h.json(
      `/api/v1/analytics/engagement?from=${today()}&to=${today()}`,
      analyst.token,
    );
    expect(engagement.body.days).toEqual([
      { day: today(), posts: 1, likes: 1, comments: 0, reposts: 0, follows: 1 },
    ]);
    const funnel = await h.json("/api/v1/analytics/funnel?steps=signup,like", analyst.token);
    expect((funnel.body.steps as { actors: number }[]).map((s) => s.actors)).toEqual([2, 1]);
    expect((await h.json("/api/v1/analytics/retention?cohort=week&weeks=2", analyst.token)).status).toBe(200);
    expect((await h.json("/api/v1/analytics/active-users?tz=Mars/Base", analyst.token)).status).toBe(400);
    expect((await h.json("/api/v1/analytics/funnel?steps=app_open", analyst.token)).status).toBe(400);

    // Account deletion (delivered twice, as identity's sweep does): the fan's rows are gone.
    const deleted = peerEvent("identity-service", AccountDeletedSchema, { accountId: fan });
    await h.deliver(deleted);
    await h.deliver(peerEvent("identity-service", AccountDeletedSchema, { accountId: fan, sweep: true }));
    const after = (await h.json(dau, analyst.token)).body.buckets as { activeUsers: number }[];
    expect(after[0]?.activeUsers).toBe(before - 1);
    expect((await h.json("/api/v1/analytics/me/posts", authorToken)).body.posts).toEqual([]);
    expect(await h.ctx.store.eventsOf(fan, 10)).toEqual([]);
  });
});

describe("GraphQL and RPC doors", () => {
  test("creatorStats for the signed-in account; staff is null for non-staff tokens", async () => {
    const me = await h.user();
    const analyst = await h.staff("analyst");
    const q = "{ creatorStats { posts { postId likes } audience { gained } } staff { activeUsers { mau } } }";
    const plain = await h.graphql<{ data: { creatorStats: unknown; staff: unknown } }>(q, {}, me.token);
    expect(plain.data).toEqual({ creatorStats: { posts: [], audience: { gained: 0 } }, staff: null });
    const staff = await h.graphql<{ data: { staff: { activeUsers: { mau: number } } } }>(
      q,
      {},
      analyst.token,
    );
    expect(staff.data.staff.activeUsers.mau).toBeGreaterThanOrEqual(0);
    const anon = await h.graphql<{ errors?: unknown[] }>(q);
    expect(anon.errors?.length).toBeGreaterThan(0);
  });

  test("ExportAccountData: the owner's own events only", async () => {
    const me = await h.user();
    await post(me.token, { events: [{ id: crypto.randomUUID(), name: "app_open", occurredAt: now() }] });
    const res = await h
      .rpc({ service: "identity-service", token: me.token })
      .exportAccountData({ accountId: me.id });
    expect(((res.data?.events ?? []) as { name: string }[]).map((e) => e.name)).toEqual(["app_open"]);
    const other = await h.user();
    await expect(
      h.rpc({ service: "identity-service", token: other.token }).exportAccountData({ accountId: me.id }),
    ).rejects.toThrow();
  });
});
