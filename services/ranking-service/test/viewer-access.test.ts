import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  body,
  candidate,
  NOW,
  type RankingServiceHarness,
  startRankingService,
} from "./support/ranking-service-harness.ts";

const id = () => Bun.randomUUIDv7();
const shownAt = new Date(NOW.getTime() + 1000).toISOString();
const rankBody = (viewerId?: string) => ({
  ...(viewerId ? { viewerId } : {}),
  candidates: [
    { ...candidate("p1", "a1", 1), createdAt: NOW.toISOString() },
    { ...candidate("p2", "a2", 3), createdAt: NOW.toISOString() },
  ],
});
const feedbackBody = (viewerId?: string) => ({
  ...(viewerId ? { viewerId } : {}),
  feedback: [{ postId: "p1", kind: "like", at: shownAt }],
});
const impressionsBody = (viewerId?: string) => ({
  ...(viewerId ? { viewerId } : {}),
  rankingId: id(),
  modelVersion: "logistic-v1",
  impressions: [{ postId: "p1", authorId: "a1", position: 0, score: 0.5, features: {}, shownAt }],
});

describe("the viewer is the access token's account", () => {
  let h: RankingServiceHarness;
  beforeAll(async () => {
    h = await startRankingService();
  });
  afterAll(() => h?.close());

  const routes: [string, (viewerId?: string) => unknown][] = [
    ["/api/v1/rank", rankBody],
    ["/api/v1/feedback", feedbackBody],
    ["/api/v1/impressions", impressionsBody],
  ];

  for (const [path, make] of routes) {
    test(`POST ${path} without a token → 401, nothing recorded`, async () => {
      const victim = id();
      const res = await h.postJson(path, make(victim), { token: null });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await h.ctx.impressions.listLabelled({ viewerIds: [victim], limit: 10 })).toEqual([]);
    });

    test(`POST ${path} naming another viewer → 403`, async () => {
      const [me, victim] = [id(), id()];
      const res = await h.postJson(path, make(victim), { token: await h.issuer.sign({ accountId: me }) });
      expect(res.status).toBe(403);
      expect((await body(res)).code).toBe("permission_denied");
    });

    test(`POST ${path} for oneself (named or omitted) → 200`, async () => {
      const me = id();
      const token = await h.issuer.sign({ accountId: me });
      expect((await h.postJson(path, make(me), { token })).status).toBe(200);
      expect((await h.postJson(path, make(), { token })).status).toBe(200);
    });
  }

  test("feedback without a viewer id is recorded for the token's account", async () => {
    const me = id();
    const token = await h.issuer.sign({ accountId: me });
    const rows = impressionsBody();
    expect((await h.postJson("/api/v1/impressions", rows, { token })).status).toBe(200);
    expect((await h.postJson("/api/v1/feedback", feedbackBody(), { token })).status).toBe(200);
    const labelled = await h.ctx.impressions.listLabelled({ viewerIds: [me], limit: 10 });
    expect(labelled.map((r) => [r.postId, r.engaged])).toEqual([["p1", true]]);
  });

  test("RPC: internal — an end user alone is refused; a service names the viewer it acts for", async () => {
    const [me, victim] = [id(), id()];
    const candidates = [{ ...candidate("p1", "a1", 1), createdAt: timestampFromDate(NOW) }];
    const token = await h.issuer.sign({ accountId: me });
    const alone = await h
      .rpc({ service: null, token })
      .rankCandidates({ candidates })
      .catch((e) => e);
    expect(ConnectError.from(alone).code).toBe(Code.Unauthenticated);
    const anonymous = await h
      .rpc({ service: null })
      .logFeedback({ viewerId: victim, feedback: [] })
      .catch((e) => e);
    expect(ConnectError.from(anonymous).code).toBe(Code.Unauthenticated);
    // A service (feed) names the viewer it acts for.
    expect((await h.rpc().rankCandidates({ viewerId: victim, candidates })).ranked).toHaveLength(1);
  });
});
