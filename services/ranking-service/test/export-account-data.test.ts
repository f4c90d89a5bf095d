import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { NOW, type RankingServiceHarness, startRankingService } from "./support/ranking-service-harness.ts";

/** ExportAccountData: ranking's section of the account export (deliver 8). */
describe("ExportAccountData", () => {
  let h: RankingServiceHarness;
  beforeAll(async () => {
    h = await startRankingService();
  });
  afterAll(() => h?.close());

  test("the account's feedback and the impressions shown to it", async () => {
    const me = Bun.randomUUIDv7();
    const token = await h.issuer.sign({ accountId: me });
    const at = NOW.toISOString();
    const rankingId = Bun.randomUUIDv7();
    await h.postJson(
      "/api/v1/impressions",
      {
        rankingId,
        modelVersion: "logistic-v1",
        impressions: [{ postId: "p1", authorId: "a1", position: 0, score: 0.4, features: {}, shownAt: at }],
      },
      { token },
    );
    await h.postJson("/api/v1/feedback", { feedback: [{ postId: "p1", kind: "like", at }] }, { token });
    await h.postJson("/api/v1/feedback", { feedback: [{ postId: "p9", kind: "hide", at }] });

    const { data } = await h.rpc({ service: "identity-service", token }).exportAccountData({ accountId: me });
    const section = data as {
      feedback: { postId: string; kind: string }[];
      impressions: { rankingId: string; postId: string }[];
    };
    expect(section.feedback.map((f) => [f.postId, f.kind])).toEqual([["p1", "like"]]);
    expect(section.impressions.map((i) => [i.rankingId, i.postId])).toEqual([[rankingId, "p1"]]);
  });

  test("only the account itself", async () => {
    const [a, b] = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e) => ConnectError.from(e).code,
      );
    const other = await h.issuer.sign({ accountId: b });
    expect(
      await code(h.rpc({ service: "identity-service", token: other }).exportAccountData({ accountId: a })),
    ).toBe(Code.PermissionDenied);
    expect(await code(h.rpc({ service: "identity-service" }).exportAccountData({ accountId: a }))).toBe(
      Code.Unauthenticated,
    );
  });
});
