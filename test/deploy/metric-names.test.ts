import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exposedMetricNames, promqlMetricNames, REPO_ROOT } from "@nova/deploy-checks";
import { type StartedService, startService } from "@nova/kit";
import { chatMetrics } from "@nova/realtime-chat-service";
import { resilienceMetrics } from "@nova/resilience";
import { clientMetrics } from "@nova/rpc";
import { silentLogger } from "@nova/testing";
import { service as userService } from "@nova/user-service";
import { parse } from "yaml";
import { moderationCheckMetrics } from "../../services/content-service/src/peers/moderation-metrics.ts";
import { responseCacheMetrics } from "../../services/graphql-gateway/src/graphql/response-cache-metrics.ts";
import { createNotificationMetrics } from "../../services/notification-service/src/domain/notification-metrics.ts";

/**
 * Metrics the rules and dashboard use before any package exports them. The lead makes the outbox
 * relay, the consumers and the database pool export exactly these names (labels: `service` and
 * `version` from the registry defaults; `topic` on nova_consumer_lag).
 */
const NOT_YET_EXPORTED = new Set<string>([]);
/** Series Prometheus makes itself for every target. */
const FROM_PROMETHEUS = new Set(["up"]);

let started: StartedService;
let dataDir: string;
let exported: Set<string>;
let exposition: string;

// A real service, user-service, on free ports with a migrated in-memory PGlite. Services register the
// resilience and RPC-client metrics on their own registry when they create a client; doing the same
// here shows those names on a live /metrics, as they appear in every service that calls another.
function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  if (port === undefined) throw new Error("no free port");
  return port;
}

beforeAll(async () => {
  // The service opens its own embedded database (not a test override) so the pool, outbox and
  // event-consumer metrics are registered exactly as in production.
  dataDir = mkdtempSync(join(tmpdir(), "nova-metrics-"));
  const config = userService.loadConfig({
    HTTP_PORT: String(freePort()),
    GRPC_PORT: String(freePort()),
    APP_ENV: "test",
    NOVA_DATA_DIR: dataDir,
  });
  started = await startService(userService, config, {
    overrides: { log: silentLogger() },
    hostname: "127.0.0.1",
  });
  resilienceMetrics(started.ctx.metrics.registry);
  clientMetrics(started.ctx.metrics.registry);
  // content-service's moderation fail-mode counter (NovaModerationChecksUnanswered), as it registers it.
  moderationCheckMetrics(started.ctx.metrics.registry);
  chatMetrics(started.ctx.metrics.registry);
  // The gateway's anonymous response cache (the Gateway row).
  responseCacheMetrics(started.ctx.metrics.registry);
  // notification-service's decision and push counters (the Notifications row, NovaPushDeliveryFailing).
  createNotificationMetrics(started.ctx.metrics.registry);
  const res = await fetch(`http://127.0.0.1:${started.server.httpPort}/metrics`);
  expect(res.status).toBe(200);
  exposition = await res.text();
  exported = exposedMetricNames(exposition);
});

afterAll(async () => {
  await started?.stop({ timeoutMs: 100 });
  rmSync(dataDir, { recursive: true, force: true });
});

const dashboardText = await Bun.file(
  join(REPO_ROOT, "monitoring/grafana/dashboards/nova-overview.json"),
).text();
const rules = parse(await Bun.file(join(REPO_ROOT, "monitoring/prometheus/alerts.yml")).text());

function dashboardExprs(): string[] {
  const dashboard = JSON.parse(dashboardText);
  const exprs: string[] = [];
  for (const panel of dashboard.panels) for (const t of panel.targets ?? []) exprs.push(t.expr);
  return exprs;
}
const ruleExprs: string[] = rules.groups.flatMap((g: { rules: { expr: string }[] }) =>
  g.rules.map((r) => r.expr),
);

const unknownNames = (exprs: string[]) =>
  [...new Set(exprs.flatMap((e) => [...promqlMetricNames(e)]))].filter(
    (n) => !exported.has(n) && !NOT_YET_EXPORTED.has(n) && !FROM_PROMETHEUS.has(n),
  );

test("the metric-name extractor finds metrics and skips functions, labels and keywords", () => {
  expect([
    ...promqlMetricNames(
      'histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{status=~"5..",x="a b"}[5m]))) > 0.5 * 1e3',
    ),
  ]).toEqual(["http_request_duration_seconds_bucket"]);
  expect([...promqlMetricNames("max by (a) (x_total) >= on (a) group_left y_total")].sort()).toEqual([
    "x_total",
    "y_total",
  ]);
});

test("the live /metrics carries the guide's canary metrics with service and version", () => {
  for (const name of [
    "http_requests_total",
    "http_request_duration_seconds_bucket",
    "nova_service_ready",
    "up",
  ])
    expect(exported.has(name) || FROM_PROMETHEUS.has(name)).toBe(true);
  expect(exposition).toMatch(/^nova_service_up\{service="user-service",version="[^"]+"\} 1$/m);
});

test("the Grafana dashboard is valid JSON with queries and a per-version (canary) view", () => {
  const dashboard = JSON.parse(dashboardText);
  expect(dashboard.uid).toBe("nova-overview");
  const exprs = dashboardExprs();
  expect(exprs.length).toBeGreaterThan(10);
  expect(
    exprs.some((e) => e.includes("by (service, version")) &&
      exprs.some((e) => e.includes("histogram_quantile(0.99")),
  ).toBe(true);
});

test("every metric the dashboard queries is exported by a live service (or allow-listed)", () => {
  expect(unknownNames(dashboardExprs())).toEqual([]);
});

test("every metric the alert rules read is exported by a live service (or allow-listed)", () => {
  expect(unknownNames(ruleExprs)).toEqual([]);
});

test("the allow-list holds only names that are used and not yet exported", () => {
  const used = new Set([...dashboardExprs(), ...ruleExprs].flatMap((e) => [...promqlMetricNames(e)]));
  for (const name of NOT_YET_EXPORTED) {
    expect({ name, used: used.has(name) }).toEqual({ name, used: true });
    // Once a package exports it, drop it from NOT_YET_EXPORTED.
    expect({ name, exported: exported.has(name) }).toEqual({ name, exported: false });
  }
});
