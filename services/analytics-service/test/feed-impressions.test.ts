import { afterAll, beforeAll, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { LikeCreatedSchema, SubjectKind } from "@nova/proto/social/v1";
import { peerEvent, startAnalyticsService } from "./support/analytics-harness.ts";

let h: Awaited<ReturnType<typeof startAnalyticsService>>;
beforeAll(async () => {
  h = await startAnalyticsService();
});
afterAll(async () => {
  await h?.close();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e) => ConnectError.from(e).code,
  );

test("feed's served page is stored once and passed on to ranking's impression log with its features", async () => {
  const viewerId = Bun.randomUUIDv7();
  const [p1, p2] = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
  const features = {
    freshness: 0.9,
    engagement: 0.2,
    affinity: 0.5,
    followed_author: 1,
    author_quality: 0.3,
  };
  const req = {
    viewerId,
    surface: "for_you",
    rankingId: Bun.randomUUIDv7(),
    modelVersion: "logistic-v1",
    servedAt: timestampFromDate(new Date()),
    impressions: [
      { postId: p1, authorId: "a1", position: 0, score: 0.8, features },
      { postId: p2, authorId: "a2", position: 1, score: 0.4, features },
    ],
  };
  expect((await h.rpc("feed-service").recordFeedImpressions(req)).accepted).toBe(2);
  expect((await h.rpc("feed-service").recordFeedImpressions(req)).accepted).toBe(0); // retry: nothing twice
  expect(h.ranking.impressions).toHaveLength(1);
  expect(h.ranking.impressions[0]).toMatchObject({
    viewerId,
    rankingId: req.rankingId,
    impressions: [
      { postId: p1, position: 0, features },
      { postId: p2, position: 1 },
    ],
  });
  const rows = await h.ctx.store.eventsOf(viewerId, 10);
  expect(rows.map((r) => [r.name, r.postId, r.surface])).toEqual([
    ["feed_impression", p1, "for_you"],
    ["feed_impression", p2, "for_you"],
  ]);

  // Only feed-service: another service, an end user or nobody is refused and nothing is stored.
  const other = { ...req, rankingId: Bun.randomUUIDv7() };
  expect(await codeOf(h.rpc("content-service").recordFeedImpressions(other))).toBe(Code.PermissionDenied);
  expect(await codeOf(h.rpc(null).recordFeedImpressions(other))).toBe(Code.Unauthenticated);
  expect(await codeOf(h.rpc("feed-service").recordFeedImpressions({ ...other, impressions: [] }))).toBe(
    Code.InvalidArgument,
  );
  expect(await h.ctx.store.eventsOf(viewerId, 10)).toHaveLength(2);
});

test("likes and opens become ranking feedback (the evaluation's labels)", async () => {
  const viewer = await h.user();
  const postId = crypto.randomUUID();
  await h.deliver(
    peerEvent("social-service", LikeCreatedSchema, {
      accountId: viewer.id,
      subjectKind: SubjectKind.POST,
      subjectId: postId,
      postId,
      createdAt: timestampFromDate(new Date()),
    }),
  );
  const res = await h.request("/api/v1/analytics/events", {
    method: "POST",
    token: viewer.token,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      events: [
        {
          id: crypto.randomUUID(),
          name: "post_open",
          occurredAt: new Date().toISOString(),
          properties: { postId, surface: "for_you" },
        },
      ],
    }),
  });
  expect(res.status).toBe(202);
  const mine = h.ranking.feedback.filter((f) => f.viewerId === viewer.id).flatMap((f) => f.feedback);
  expect(mine).toMatchObject([
    { postId, kind: "like" },
    { postId, kind: "click" },
  ]);
});
