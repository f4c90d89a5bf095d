import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { FeedbackKind } from "@nova/proto/ranking/v1";
import {
  candidate,
  type RankingServiceHarness,
  startRankingService,
} from "./support/ranking-service-harness.ts";

describe("RankingService over Connect", () => {
  let h: RankingServiceHarness;
  beforeAll(async () => {
    h = await startRankingService();
    h.features.set({ user_author: { "v1:a1": { affinity: 2, follows: 1 } } });
  });
  afterAll(() => h?.close());

  test("RankCandidates → ranked candidates with explanations; Log* → the store labels them", async () => {
    const client = h.rpc();
    const candidates = [candidate("p1", "a1", 5), candidate("p2", "a2", 1), candidate("p3", "a3", 20)].map(
      (c) => ({
        ...c,
        createdAt: timestampFromDate(c.createdAt),
      }),
    );
    const res = await client.rankCandidates({ viewerId: "v1", candidates, seed: 3 });
    expect(res.modelVersion).toBe("logistic-v1");
    expect(res.seed).toBe(3);
    expect(res.featuresDegraded).toBe(false);
    expect(res.ranked.map((r) => r.postId)).toEqual(["p1", "p2", "p3"]);
    for (const r of res.ranked) {
      expect(r.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(r.score, 12);
      expect(r.explanation).toContain("sigmoid(");
    }

    const shownAt = timestampFromDate(new Date("2026-11-27T06:00:01Z"));
    const logged = await client.logImpressions({
      viewerId: "v1",
      rankingId: res.rankingId,
      modelVersion: res.modelVersion,
      impressions: res.ranked.map((r) => ({
        postId: r.postId,
        authorId: r.authorId,
        position: r.position,
        score: r.score,
        features: Object.fromEntries(
          r.contributions.filter((c) => c.feature !== "bias").map((c) => [c.feature, c.value]),
        ),
        shownAt,
      })),
    });
    expect(logged.accepted).toBe(3);
    const fb = await client.logFeedback({
      viewerId: "v1",
      feedback: [{ postId: "p2", kind: FeedbackKind.LIKE, at: shownAt }],
    });
    expect(fb.accepted).toBe(1);
    const rows = await h.ctx.impressions.listLabelled({ viewerIds: ["v1"], limit: 10 });
    expect(rows.map((r) => [r.postId, r.engaged])).toEqual([
      ["p1", false],
      ["p2", true],
      ["p3", false],
    ]);
    expect(rows[0]?.features.followed_author).toBe(1);
  });
});
