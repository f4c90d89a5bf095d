/**
 * Issue 15, finding 2 (RPC half): ranking's RPCs took any viewer_id from anyone. They are internal
 * now: only a service (feed-service) may call them, so only a service may name the viewer.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { FeedbackKind } from "@nova/proto/ranking/v1";
import {
  candidate,
  type RankingServiceHarness,
  startRankingService,
} from "./support/ranking-service-harness.ts";

async function codeOf(run: () => Promise<unknown>): Promise<Code | "ok"> {
  try {
    await run();
    return "ok";
  } catch (err) {
    return ConnectError.from(err).code;
  }
}

describe("ranking RPC access", () => {
  let h: RankingServiceHarness;
  beforeAll(async () => {
    h = await startRankingService();
  });
  afterAll(() => h?.close());

  const rank = {
    viewerId: "v9",
    candidates: [{ ...candidate("p1", "a1", 1), createdAt: timestampFromDate(new Date()) }],
  };
  const feedback = {
    viewerId: "v9",
    feedback: [{ postId: "p1", kind: FeedbackKind.LIKE, at: timestampFromDate(new Date()) }],
  };

  test("RankCandidates, LogFeedback, LogImpressions refuse a caller without a service credential", async () => {
    const anon = h.rpc({ caller: null });
    expect({
      rank: await codeOf(() => anon.rankCandidates(rank)),
      feedback: await codeOf(() => anon.logFeedback(feedback)),
      impressions: await codeOf(() =>
        anon.logImpressions({ viewerId: "v9", rankingId: "r", impressions: [] }),
      ),
    }).toEqual({
      rank: Code.Unauthenticated,
      feedback: Code.Unauthenticated,
      impressions: Code.Unauthenticated,
    });
    expect(await h.ctx.impressions.listLabelled({ viewerIds: ["v9"], limit: 10 })).toEqual([]);
  });

  test("feed-service's credential is accepted", async () => {
    expect((await h.rpc().rankCandidates(rank)).ranked.map((r) => r.postId)).toEqual(["p1"]);
    expect((await h.rpc().logFeedback(feedback)).accepted).toBe(1);
  });

  test("RankCandidates sends the model inputs even without explanations (what impression logs keep)", async () => {
    const [top] = (await h.rpc().rankCandidates({ ...rank, omitExplanations: true })).ranked;
    expect(top?.contributions).toEqual([]);
    expect(Object.keys(top?.features ?? {}).sort()).toEqual(
      ["affinity", "author_quality", "engagement", "followed_author", "freshness"].sort(),
    );
  });
});
