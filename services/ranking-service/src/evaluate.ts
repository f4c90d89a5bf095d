/**
 * Offline evaluation: AUC and NDCG@10 of two (or more) model versions, side by side, on the
 * impressions and feedback logged in the analytics store (ClickHouse when CLICKHOUSE_URL is set,
 * else the service's PostgreSQL/PGlite tables).
 *   bun run services/ranking-service/src/evaluate.ts [--versions logistic-v1,logistic-v2]
 *       [--since 2026-11-01T00:00:00Z] [--limit 500000] [--synthetic 2000]
 * `--synthetic N` evaluates N generated rankings instead of the logged data (nothing is written).
 */
import { parseArgs } from "node:util";
import { loadServiceConfig } from "./config.ts";
import { createContext } from "./context.ts";
import { evaluateModel } from "./domain/evaluate-models.ts";
import { findModelVersion, MODEL_VERSION_IDS, type ModelVersion } from "./domain/model-versions.ts";
import { syntheticImpressions } from "./domain/synthetic-impressions.ts";
import type { LabelledImpression } from "./store/impression-store.ts";

const { values: args } = parseArgs({
  options: {
    versions: { type: "string", default: MODEL_VERSION_IDS.slice(0, 2).join(",") },
    since: { type: "string" },
    limit: { type: "string", default: "500000" },
    synthetic: { type: "string" },
  },
});

const models = (args.versions ?? "").split(",").map((id) => {
  const model = findModelVersion(id.trim());
  if (!model) {
    console.error(`unknown model version ${id}; defined: ${MODEL_VERSION_IDS.join(", ")}`);
    process.exit(2);
  }
  return model;
}) as ModelVersion[];

async function loggedImpressions(): Promise<{ rows: LabelledImpression[]; from: string }> {
  const config = loadServiceConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  const ctx = await createContext(config, { processMetrics: false });
  try {
    const since = args.since ? new Date(args.since) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new Error(`--since: not a date: ${args.since}`);
    const rows = await ctx.impressions.listLabelled({ since, limit: Number(args.limit) });
    return { rows, from: `${ctx.impressions.kind} analytics store` };
  } finally {
    await ctx.close();
  }
}

const { rows, from } = args.synthetic
  ? { rows: syntheticImpressions(Number(args.synthetic)), from: `${args.synthetic} synthetic rankings` }
  : await loggedImpressions();

console.log(`ranking evaluation on ${rows.length} impressions from the ${from}`);
if (rows.length === 0) {
  console.log("nothing logged yet: LogImpressions and LogFeedback fill the store (or pass --synthetic N)");
  process.exit(0);
}
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : "n/a");
console.log(["model".padEnd(14), "impressions", "positives", "lists", "AUC   ", "NDCG@10"].join("  "));
for (const model of models) {
  const r = evaluateModel(model, rows);
  console.log(
    [
      r.modelVersion.padEnd(14),
      String(r.impressions).padStart(11),
      String(r.positives).padStart(9),
      String(r.lists).padStart(5),
      fmt(r.auc),
      fmt(r.ndcgAt10),
    ].join("  "),
  );
}
