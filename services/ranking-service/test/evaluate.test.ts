import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { evaluateModel } from "../src/domain/evaluate-models.ts";
import { findModelVersion, type ModelVersion } from "../src/domain/model-versions.ts";
import { syntheticImpressions } from "../src/domain/synthetic-impressions.ts";
import type { LabelledImpression } from "../src/store/impression-store.ts";

const v1 = findModelVersion("logistic-v1") as ModelVersion;

function row(rankingId: string, affinity: number, engaged: boolean): LabelledImpression {
  return {
    rankingId,
    viewerId: "v",
    postId: `${rankingId}-${affinity}`,
    authorId: "a",
    position: 0,
    score: 0,
    modelVersion: "logistic-v1",
    features: { freshness: 0, engagement: 0, affinity, followed_author: 0, author_quality: 0 },
    shownAt: new Date(0),
    engaged,
  };
}

describe("offline evaluation", () => {
  test("a model that orders engaged posts first gets AUC 1 and NDCG@10 1", () => {
    const rows = [
      row("r1", 0.9, true),
      row("r1", 0.1, false),
      row("r2", 0.8, true),
      row("r2", 0.2, false),
      row("r2", 0.3, false),
    ];
    const report = evaluateModel(v1, rows);
    expect(report).toMatchObject({ impressions: 5, positives: 2, lists: 2, auc: 1, ndcgAt10: 1 });
    const reversed = evaluateModel(
      v1,
      rows.map((r) => ({ ...r, engaged: !r.engaged })),
    );
    expect(reversed.auc).toBe(0);
  });

  test("on synthetic data leaning on affinity, logistic-v2 (affinity-heavy) beats logistic-v1", () => {
    const rows = syntheticImpressions(500, 7);
    const a = evaluateModel(v1, rows);
    const b = evaluateModel(findModelVersion("logistic-v2") as ModelVersion, rows);
    expect(b.auc).toBeGreaterThan(a.auc);
    expect(a.auc).toBeGreaterThan(0.5);
  });

  test("the command prints both versions side by side", async () => {
    const proc = Bun.spawn(
      ["bun", "run", join(import.meta.dir, "../src/evaluate.ts"), "--synthetic", "300"],
      {
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(code).toBe(0);
    expect(out).toContain("6000 impressions");
    expect(out).toMatch(/logistic-v1\s+6000\s+\d+\s+\d+\s+0\.\d{4}\s+0\.\d{4}/);
    expect(out).toMatch(/logistic-v2\s+6000\s+\d+\s+\d+\s+0\.\d{4}\s+0\.\d{4}/);
  });
});
