import { type ClickHouseClient, ClickHouseLogLevel, createClient } from "@clickhouse/client";
import type { FeedbackKind, ImpressionStore, LabelledImpression } from "./impression-store.ts";

// ReplacingMergeTree keyed like the PostgreSQL primary keys: a re-logged row replaces its twin at
// merge time, and reads use FINAL so duplicates never reach evaluation before that.
const DDL = [
  `CREATE TABLE IF NOT EXISTS ranking_impressions (
     ranking_id String, post_id String, viewer_id String, author_id String,
     position UInt32, score Float64, model_version LowCardinality(String),
     features Map(String, Float64), shown_at DateTime64(3, 'UTC')
   ) ENGINE = ReplacingMergeTree ORDER BY (ranking_id, post_id)`,
  `CREATE TABLE IF NOT EXISTS ranking_feedback (
     viewer_id String, post_id String, kind LowCardinality(String), at DateTime64(3, 'UTC')
   ) ENGINE = ReplacingMergeTree ORDER BY (viewer_id, post_id, kind)`,
];

interface Row {
  ranking_id: string;
  viewer_id: string;
  post_id: string;
  author_id: string;
  position: number;
  score: number;
  model_version: string;
  features: Record<string, number>;
  shown_at_ms: string | number;
  engaged: number;
}

const toCh = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");

/**
 * The production analytics store on ClickHouse. Creates its two tables when missing and fails
 * with a message naming CLICKHOUSE_URL when the server cannot be reached at start.
 */
export async function createClickHouseImpressionStore(url: string): Promise<ImpressionStore> {
  const ch: ClickHouseClient = createClient({
    url,
    log: { level: ClickHouseLogLevel.OFF },
    clickhouse_settings: { date_time_input_format: "best_effort" },
  });
  try {
    const ping = await ch.ping();
    if (!ping.success) throw ping.error;
    for (const query of DDL) await ch.command({ query });
  } catch (err) {
    await ch.close();
    throw new Error(`CLICKHOUSE_URL: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return {
    kind: "clickhouse",
    async recordImpressions(rows) {
      if (rows.length === 0) return;
      await ch.insert({
        table: "ranking_impressions",
        format: "JSONEachRow",
        values: rows.map((r) => ({
          ranking_id: r.rankingId,
          post_id: r.postId,
          viewer_id: r.viewerId,
          author_id: r.authorId,
          position: r.position,
          score: r.score,
          model_version: r.modelVersion,
          features: r.features,
          shown_at: toCh(r.shownAt),
        })),
      });
    },
    async recordFeedback(rows) {
      if (rows.length === 0) return;
      await ch.insert({
        table: "ranking_feedback",
        format: "JSONEachRow",
        values: rows.map((r) => ({ viewer_id: r.viewerId, post_id: r.postId, kind: r.kind, at: toCh(r.at) })),
      });
    },
    async listLabelled(query) {
      const where: string[] = [];
      if (query.since) where.push("i.shown_at >= fromUnixTimestamp64Milli({since:Int64}, 'UTC')");
      if (query.viewerIds) where.push("i.viewer_id IN {viewers:Array(String)}");
      const rs = await ch.query({
        query: `
          SELECT i.ranking_id AS ranking_id, i.viewer_id AS viewer_id, i.post_id AS post_id,
                 i.author_id AS author_id, i.position AS position, i.score AS score,
                 i.model_version AS model_version, i.features AS features,
                 toUnixTimestamp64Milli(i.shown_at) AS shown_at_ms,
                 (i.viewer_id, i.post_id) IN (
                   SELECT viewer_id, post_id FROM ranking_feedback FINAL WHERE kind != 'hide'
                 ) AS engaged
          FROM ranking_impressions AS i FINAL
          ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
          ORDER BY i.shown_at, i.ranking_id, i.position
          LIMIT {limit:UInt32}`,
        query_params: {
          limit: query.limit,
          ...(query.since ? { since: query.since.getTime() } : {}),
          ...(query.viewerIds ? { viewers: [...query.viewerIds] } : {}),
        },
        format: "JSONEachRow",
      });
      const rows = await rs.json<Row>();
      return rows.map(
        (r): LabelledImpression => ({
          rankingId: r.ranking_id,
          viewerId: r.viewer_id,
          postId: r.post_id,
          authorId: r.author_id,
          position: Number(r.position),
          score: Number(r.score),
          modelVersion: r.model_version,
          features: Object.fromEntries(Object.entries(r.features).map(([k, v]) => [k, Number(v)])),
          shownAt: new Date(Number(r.shown_at_ms)),
          engaged: Number(r.engaged) === 1,
        }),
      );
    },
    async feedbackOf(viewerId, limit) {
      const result = await ch.query({
        query: `SELECT viewer_id, post_id, kind, toUnixTimestamp64Milli(at) AS at_ms
                FROM ranking_feedback FINAL
                WHERE viewer_id = {viewer:String}
                ORDER BY at, post_id
                LIMIT {limit:UInt32}`,
        query_params: { viewer: viewerId, limit },
        format: "JSONEachRow",
      });
      const rows = await result.json<{
        viewer_id: string;
        post_id: string;
        kind: string;
        at_ms: string | number;
      }>();
      return rows.map((r) => ({
        viewerId: r.viewer_id,
        postId: r.post_id,
        kind: r.kind as FeedbackKind,
        at: new Date(Number(r.at_ms)),
      }));
    },
    async eraseAccount(accountId) {
      // Lightweight deletes: gone from reads at once, parts rewritten later.
      await ch.command({
        query: "DELETE FROM ranking_impressions WHERE viewer_id = {id:String} OR author_id = {id:String}",
        query_params: { id: accountId },
      });
      await ch.command({
        query: "DELETE FROM ranking_feedback WHERE viewer_id = {id:String}",
        query_params: { id: accountId },
      });
    },
    async ping() {
      const r = await ch.ping();
      if (!r.success) throw r.error;
    },
    close: () => ch.close(),
  };
}
