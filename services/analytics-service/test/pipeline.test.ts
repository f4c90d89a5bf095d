import { afterAll, beforeAll, expect, test } from "bun:test";
import { parsePipelineMetrics } from "../src/domain/parse-pipeline-metrics.ts";
import { pipelineTargets } from "../src/domain/pipeline-targets.ts";
import { queryPipeline } from "../src/domain/query-pipeline.ts";
import { startAnalyticsService } from "./support/analytics-harness.ts";

let h: Awaited<ReturnType<typeof startAnalyticsService>>;
beforeAll(async () => {
  h = await startAnalyticsService();
});
afterAll(async () => {
  await h?.close();
});

const CONTENT = `# HELP nova_outbox_pending_events x
nova_outbox_pending_events{service="content-service",version="0.1.0"} 12
nova_outbox_oldest_pending_age_seconds{service="content-service",version="0.1.0"} 3.5
nova_outbox_dead_events{service="content-service",version="0.1.0"} 1
nova_consumer_lag{service="content-service",version="0.1.0",topic="nova.identity-service.events"} 4
`;
const FEED = `nova_consumer_lag{service="feed-service",topic="nova.identity-service.events"} 6
nova_consumer_lag{service="feed-service",topic="nova.content-service.events"} 100
http_requests_total{service="feed-service"} 9
`;

test("reads outbox gauges and lag per topic from a /metrics text", () => {
  expect(parsePipelineMetrics(CONTENT)).toEqual({
    outbox: { pending: 12, oldestPendingAgeSeconds: 3.5, dead: 1 },
    consumerLag: [{ topic: "nova.identity-service.events", lag: 4 }],
  });
  expect(parsePipelineMetrics(FEED).outbox).toBeNull();
  expect(
    pipelineTargets("").some((t) => t.service === "content-service" && t.url === "http://127.0.0.1:8012"),
  ).toBe(true);
  expect(() => pipelineTargets("content-service")).toThrow();
});

test("pipeline view: admin only; lag summed per topic; an unreachable service is listed", async () => {
  const admin = await h.staff("admin");
  const analyst = await h.staff("analyst");
  expect((await h.json("/api/v1/analytics/pipeline", analyst.token)).status).toBe(403);
  const texts: Record<string, string> = { "http://c": CONTENT, "http://f": FEED };
  const fakeFetch = (async (url: string) => {
    const base = url.replace("/metrics", "");
    if (!(base in texts)) throw new Error("connection refused");
    return new Response(texts[base]);
  }) as unknown as typeof fetch;
  const ctx = {
    ...h.ctx,
    config: {
      ...h.ctx.config,
      extra: {
        ...h.ctx.config.extra,
        ANALYTICS_PIPELINE_TARGETS: "content-service=http://c,feed-service=http://f,x=http://x",
      },
    },
  };
  const caller = await h.ctx.verifier.verify(admin.token);
  const view = await queryPipeline({ ctx, caller, fetch: fakeFetch });
  expect(view.topics).toEqual([
    { topic: "nova.content-service.events", lag: 100, consumers: ["feed-service"] },
    { topic: "nova.identity-service.events", lag: 10, consumers: ["content-service", "feed-service"] },
  ]);
  expect(view.services.map((s) => [s.service, s.reachable])).toEqual([
    ["content-service", true],
    ["feed-service", true],
    ["x", false],
  ]);
  expect(view.ingestion.store).toBe("postgres");
});
