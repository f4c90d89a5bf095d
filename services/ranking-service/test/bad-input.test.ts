import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { body, type RankingServiceHarness, startRankingService } from "./support/ranking-service-harness.ts";

const ok = { postId: "p1", authorId: "a1", createdAt: "2026-11-27T05:00:00Z", source: "following" };

describe("bad input is refused with a 4xx naming the field", () => {
  let h: RankingServiceHarness;
  beforeAll(async () => {
    h = await startRankingService();
  });
  afterAll(() => h?.close());

  const cases: [string, unknown, string][] = [
    ["no candidates", { viewerId: "v", candidates: [] }, "candidates"],
    ["empty viewer", { viewerId: " ", candidates: [ok] }, "viewerId"],
    [
      "bad timestamp",
      { viewerId: "v", candidates: [{ ...ok, createdAt: "yesterday" }] },
      "candidates.0.createdAt",
    ],
    ["duplicate post ids", { viewerId: "v", candidates: [ok, ok] }, "candidates.1.postId"],
    ["unknown model version", { viewerId: "v", candidates: [ok], modelVersion: "v9" }, "modelVersion"],
    ["negative seed", { viewerId: "v", candidates: [ok], seed: -1 }, "seed"],
    [
      "too many candidates",
      {
        viewerId: "v",
        candidates: Array.from({ length: 1001 }, (_, i) => ({ ...ok, postId: `p${i}` })),
      },
      "candidates",
    ],
  ];
  for (const [what, payload, field] of cases) {
    test(`POST /api/v1/rank: ${what} → 400 naming ${field}`, async () => {
      const res = await h.postJson("/api/v1/rank", payload);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await body(res);
      expect(problem.code).toBe("invalid_argument");
      expect(JSON.stringify(problem)).toContain(field);
    });
  }

  test("malformed JSON → 400", async () => {
    const res = await h.postJson("/api/v1/rank", "{not json");
    expect(res.status).toBe(400);
  });

  test("a body over the limit → 413", async () => {
    const res = await h.postJson("/api/v1/rank", {
      viewerId: "v",
      candidates: [ok],
      pad: "x".repeat(1_100_000),
    });
    expect(res.status).toBe(413);
  });

  test("feedback with an unknown kind → 400 naming it", async () => {
    const res = await h.postJson("/api/v1/feedback", {
      viewerId: "v",
      feedback: [{ postId: "p", kind: "love", at: "2026-11-27T05:00:00Z" }],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await body(res))).toContain("feedback.0.kind");
  });

  test("impressions with a score outside [0, 1] → 400 naming it", async () => {
    const res = await h.postJson("/api/v1/impressions", {
      viewerId: "v",
      rankingId: "r",
      modelVersion: "logistic-v1",
      impressions: [
        { postId: "p", authorId: "a", position: 0, score: 2, features: {}, shownAt: "2026-11-27T05:00:00Z" },
      ],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await body(res))).toContain("impressions.0.score");
  });

  // Finding 5: NUL reached PostgreSQL and answered 500.
  test("feedback with NUL in a post id → 400 naming it, nothing stored", async () => {
    const res = await h.postJson("/api/v1/feedback", {
      viewerId: "v",
      feedback: [{ postId: "p\u0000", kind: "like", at: "2026-11-27T05:00:00Z" }],
    });
    expect(res.status).toBe(400);
    const problem = await body(res);
    expect(problem.code).toBe("invalid_argument");
    expect(problem.violations.map((v: { field: string }) => v.field)).toEqual(["feedback.0.postId"]);
  });

  test("impressions with NUL in a viewer id or a feature name → 400 naming them", async () => {
    const res = await h.postJson("/api/v1/impressions", {
      viewerId: "v\u0000",
      rankingId: "r",
      modelVersion: "logistic-v1",
      impressions: [
        {
          postId: "p",
          authorId: "a",
          position: 0,
          score: 0.5,
          features: { "affinity\u0000": 1 },
          shownAt: "2026-11-27T05:00:00Z",
        },
      ],
    });
    expect(res.status).toBe(400);
    const problem = await body(res);
    expect(problem.violations.map((v: { field: string }) => v.field)).toEqual([
      "viewerId",
      "impressions.0.features",
    ]);
  });

  test("RPC: feedback with NUL in a post id → InvalidArgument naming it", async () => {
    const err = await h
      .rpc()
      .logFeedback({ viewerId: "v", feedback: [{ postId: "p\u0000", kind: 1 }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toContain("feedback.0.postId");
  });

  test("RPC: a candidate without created_at → InvalidArgument", async () => {
    const err = await h
      .rpc()
      .rankCandidates({ viewerId: "v", candidates: [{ postId: "p", authorId: "a" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toContain("ranking request is invalid");
  });

  test("RPC: unspecified feedback kind → InvalidArgument", async () => {
    const err = await h
      .rpc()
      .logFeedback({ viewerId: "v", feedback: [{ postId: "p" }] })
      .catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
  });
});
