/** Grafana dashboard `monitoring/grafana/dashboards/nova-overview.json`, built here so its queries stay consistent. */

// Grafana's own template syntax (the `datasource` variable), not a JS template literal.
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana variable reference
const DS = { type: "prometheus", uid: "${datasource}" };
const RATE = "$__rate_interval";
const SVC = 'service=~"$service"';
const SVC_VER = 'service=~"$service",version=~"$version"';

interface Target {
  expr: string;
  legend: string;
}

const rate = (metric: string, sel: string) => `rate(${metric}{${sel}}[${RATE}])`;
const errorRatio = (by: string, sel: string) =>
  `sum by (${by}) (${rate("http_requests_total", `${sel},status=~"5.."`)}) / sum by (${by}) (${rate("http_requests_total", sel)})`;
const quantile = (q: number, metric: string, by: string, sel: string) =>
  `histogram_quantile(${q}, sum by (${by}, le) (${rate(`${metric}_bucket`, sel)}))`;

let nextId = 1;

function timeseries(
  title: string,
  unit: string,
  targets: Target[],
  pos: { x: number; y: number; w?: number },
  description?: string,
) {
  return {
    id: nextId++,
    type: "timeseries",
    title,
    description,
    datasource: DS,
    gridPos: { x: pos.x, y: pos.y, w: pos.w ?? 12, h: 8 },
    fieldConfig: { defaults: { unit, custom: { lineWidth: 1, fillOpacity: 5 } }, overrides: [] },
    options: {
      legend: { displayMode: "table", placement: "right", calcs: ["lastNotNull", "max"] },
      tooltip: { mode: "multi" },
    },
    targets: targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DS,
      expr: t.expr,
      legendFormat: t.legend,
    })),
  };
}

function row(title: string, y: number) {
  return {
    id: nextId++,
    type: "row",
    title,
    collapsed: false,
    gridPos: { x: 0, y, w: 24, h: 1 },
    panels: [],
  };
}

function stat(title: string, expr: string, legend: string, pos: { x: number; y: number }) {
  return {
    id: nextId++,
    type: "stat",
    title,
    datasource: DS,
    gridPos: { x: pos.x, y: pos.y, w: 12, h: 5 },
    fieldConfig: {
      defaults: {
        mappings: [
          {
            type: "value",
            options: { "0": { text: "DOWN", color: "red" }, "1": { text: "UP", color: "green" } },
          },
        ],
        thresholds: {
          mode: "absolute",
          steps: [
            { color: "red", value: null },
            { color: "green", value: 1 },
          ],
        },
      },
      overrides: [],
    },
    options: {
      colorMode: "background",
      graphMode: "none",
      textMode: "value_and_name",
      reduceOptions: { calcs: ["lastNotNull"] },
    },
    targets: [{ refId: "A", datasource: DS, expr, legendFormat: legend }],
  };
}

function variable(name: string, label: string, query: string) {
  return {
    name,
    label,
    type: "query",
    datasource: DS,
    query: { query, refId: `${name}-var` },
    definition: query,
    refresh: 2,
    multi: true,
    includeAll: true,
    allValue: ".*",
    current: { selected: true, text: ["All"], value: ["$__all"] },
    sort: 1,
  };
}

/** The Nova overview dashboard: traffic, errors, p95/p99 per service and per version (canary), gRPC, saturation. */
export function novaOverviewDashboard(): object {
  nextId = 1;
  const panels = [
    row("Availability", 0),
    stat("Scrape target up", `min by (service) (up{job="nova-services",${SVC}})`, "{{service}}", {
      x: 0,
      y: 1,
    }),
    stat("Ready", `min by (service) (nova_service_ready{${SVC}})`, "{{service}}", { x: 12, y: 1 }),
    row("Traffic per service", 6),
    timeseries(
      "Request rate",
      "reqps",
      [{ expr: `sum by (service) (${rate("http_requests_total", SVC)})`, legend: "{{service}}" }],
      { x: 0, y: 7 },
    ),
    timeseries(
      "5xx error ratio",
      "percentunit",
      [{ expr: errorRatio("service", SVC), legend: "{{service}}" }],
      { x: 12, y: 7 },
      "Alert above 1% (guide threshold).",
    ),
    timeseries(
      "p95 latency",
      "s",
      [{ expr: quantile(0.95, "http_request_duration_seconds", "service", SVC), legend: "{{service}}" }],
      { x: 0, y: 15 },
      "Alert above 500 ms (guide threshold).",
    ),
    timeseries(
      "p99 latency",
      "s",
      [{ expr: quantile(0.99, "http_request_duration_seconds", "service", SVC), legend: "{{service}}" }],
      { x: 12, y: 15 },
    ),
    row("Canary: stable vs new version", 23),
    timeseries(
      "Request rate by version",
      "reqps",
      [
        {
          expr: `sum by (service, version) (${rate("http_requests_total", SVC_VER)})`,
          legend: "{{service}} {{version}}",
        },
      ],
      { x: 0, y: 24 },
      "Traffic split between the stable and canary Deployments (replica ratio).",
    ),
    timeseries(
      "5xx error ratio by version",
      "percentunit",
      [{ expr: errorRatio("service, version", SVC_VER), legend: "{{service}} {{version}}" }],
      { x: 12, y: 24 },
      "scripts/canary.sh rolls back above 1%, or 10% above the stable version.",
    ),
    timeseries(
      "p95 latency by version",
      "s",
      [
        {
          expr: quantile(0.95, "http_request_duration_seconds", "service, version", SVC_VER),
          legend: "{{service}} {{version}}",
        },
      ],
      { x: 0, y: 32 },
      "scripts/canary.sh rolls back above 500 ms.",
    ),
    timeseries(
      "p99 latency by version",
      "s",
      [
        {
          expr: quantile(0.99, "http_request_duration_seconds", "service, version", SVC_VER),
          legend: "{{service}} {{version}}",
        },
      ],
      { x: 12, y: 32 },
    ),
    row("gRPC", 40),
    timeseries(
      "RPCs handled by code",
      "reqps",
      [
        {
          expr: `sum by (service, grpc_code) (${rate("grpc_server_handled_total", SVC)})`,
          legend: "{{service}} {{grpc_code}}",
        },
      ],
      { x: 0, y: 41 },
    ),
    timeseries(
      "RPC p95 latency",
      "s",
      [{ expr: quantile(0.95, "grpc_server_handling_seconds", "service", SVC), legend: "{{service}}" }],
      { x: 12, y: 41 },
    ),
    timeseries(
      "Upstream call error ratio",
      "percentunit",
      [
        {
          expr: `sum by (service, target) (${rate("grpc_client_errors_total", SVC)}) / sum by (service, target) (${rate("grpc_client_requests_total", SVC)})`,
          legend: "{{service}} → {{target}}",
        },
      ],
      { x: 0, y: 49 },
    ),
    timeseries(
      "Upstream call p95",
      "s",
      [
        {
          expr: quantile(0.95, "grpc_client_duration_seconds", "service, target", SVC),
          legend: "{{service}} → {{target}}",
        },
      ],
      { x: 12, y: 49 },
    ),
    timeseries(
      "Circuit breaker state (0 closed, 1 half-open, 2 open)",
      "none",
      [
        {
          expr: `max by (service, name) (resilience_circuit_state{${SVC}})`,
          legend: "{{service}} → {{name}}",
        },
      ],
      { x: 0, y: 57, w: 24 },
    ),
    row("Saturation", 65),
    timeseries(
      "HTTP requests in flight",
      "short",
      [{ expr: `sum by (service) (http_requests_in_flight{${SVC}})`, legend: "{{service}}" }],
      { x: 0, y: 66 },
    ),
    timeseries(
      "CPU (cores)",
      "short",
      [{ expr: `sum by (service) (${rate("process_cpu_seconds_total", SVC)})`, legend: "{{service}}" }],
      { x: 12, y: 66 },
    ),
    timeseries(
      "Resident memory",
      "bytes",
      [
        {
          expr: `sum by (service, instance) (process_resident_memory_bytes{${SVC}})`,
          legend: "{{service}} {{instance}}",
        },
      ],
      { x: 0, y: 74 },
    ),
    timeseries(
      "Event loop lag p99",
      "s",
      [{ expr: `max by (service) (nodejs_eventloop_lag_p99_seconds{${SVC}})`, legend: "{{service}}" }],
      { x: 12, y: 74 },
    ),
    timeseries(
      "Database pool: waiting vs size",
      "short",
      [
        { expr: `sum by (service) (nova_db_pool_waiting{${SVC}})`, legend: "{{service}} waiting" },
        { expr: `sum by (service) (nova_db_pool_size{${SVC}})`, legend: "{{service}} size" },
      ],
      { x: 0, y: 82, w: 24 },
    ),
    row("Events", 90),
    timeseries(
      "Outbox: pending events",
      "short",
      [{ expr: `sum by (service) (nova_outbox_pending_events{${SVC}})`, legend: "{{service}}" }],
      { x: 0, y: 91, w: 8 },
    ),
    timeseries(
      "Outbox: oldest pending event age",
      "s",
      [{ expr: `max by (service) (nova_outbox_oldest_pending_age_seconds{${SVC}})`, legend: "{{service}}" }],
      { x: 8, y: 91, w: 8 },
    ),
    timeseries(
      "Consumer lag",
      "short",
      [{ expr: `sum by (service, topic) (nova_consumer_lag{${SVC}})`, legend: "{{service}} {{topic}}" }],
      { x: 16, y: 91, w: 8 },
    ),
    row("Trust & safety", 99),
    timeseries(
      "Writes published without a trust-safety verdict (fail mode applied)",
      "ops",
      [
        {
          expr: `sum by (service, fail_mode) (rate(moderation_check_unanswered_total{${SVC}}[5m]))`,
          legend: "{{service}} {{fail_mode}}",
        },
      ],
      { x: 0, y: 100, w: 24 },
    ),
    row("Chat", 107),
    timeseries(
      "Chat: open sockets",
      "short",
      [{ expr: `sum by (service, instance) (chat_sockets_open{${SVC}})`, legend: "{{instance}}" }],
      { x: 0, y: 108, w: 8 },
    ),
    timeseries(
      "Chat: envelopes queued vs sent to sockets",
      "ops",
      [
        { expr: `sum by (service) (rate(chat_envelopes_queued_total{${SVC}}[5m]))`, legend: "queued" },
        { expr: `sum by (service) (rate(chat_envelopes_sent_total{${SVC}}[5m]))`, legend: "sent" },
      ],
      { x: 8, y: 108, w: 8 },
    ),
    timeseries(
      "Chat: key bundles by prekey kind, socket auth failures",
      "ops",
      [
        { expr: `sum by (kind) (rate(chat_prekey_claims_total{${SVC}}[5m]))`, legend: "{{kind}}" },
        { expr: `sum (rate(chat_socket_auth_failures_total{${SVC}}[5m]))`, legend: "auth failures" },
      ],
      { x: 16, y: 108, w: 8 },
    ),
    row("Notifications", 116),
    timeseries(
      "Notification decisions",
      "ops",
      [{ expr: `sum by (outcome) (${rate("notification_decisions_total", SVC)})`, legend: "{{outcome}}" }],
      { x: 0, y: 117 },
      "Facts consumed: stored, duplicate, push-only, or why refused (self, silenced, not-following, cannot-see, unwanted).",
    ),
    timeseries(
      "Push deliveries",
      "ops",
      [
        {
          expr: `sum by (platform, outcome) (${rate("notification_push_sends_total", SVC)})`,
          legend: "{{platform}} {{outcome}}",
        },
      ],
      { x: 12, y: 117 },
      "Final outcome per target: sent, gone (pruned), failed, retry (gave up after 3 attempts), capped.",
    ),
    row("Media", 125),
    timeseries(
      "Media uploads: p50/p99 (images are processed in the request)",
      "s",
      [
        {
          expr: 'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{service="media-service",method="POST",route="/api/v1/media"}[$__rate_interval])))',
          legend: "p50",
        },
        {
          expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="media-service",method="POST",route="/api/v1/media"}[$__rate_interval])))',
          legend: "p99",
        },
      ],
      { x: 0, y: 126, w: 8 },
    ),
    timeseries(
      "Media: video jobs waiting (own topic lag)",
      "short",
      [
        {
          expr: 'sum(nova_consumer_lag{service="media-service",topic="nova.media-service.events"})',
          legend: "jobs waiting",
        },
      ],
      { x: 8, y: 126, w: 8 },
    ),
    timeseries(
      "Media: event-loop lag p99 (must stay low while images process)",
      "s",
      [{ expr: 'max(nodejs_eventloop_lag_p99_seconds{service="media-service"})', legend: "lag p99" }],
      { x: 16, y: 126, w: 8 },
    ),
    row("Search and analytics", 134),
    timeseries(
      "Search: query latency p99 by route",
      "s",
      [
        {
          expr: 'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{service="search-service",route=~"/api/v1/(search|trends)/.*"}[$__rate_interval])))',
          legend: "{{route}}",
        },
      ],
      { x: 0, y: 135, w: 8 },
    ),
    timeseries(
      "Search: index freshness (events behind, per topic)",
      "short",
      [{ expr: 'max by (topic) (nova_consumer_lag{service="search-service"})', legend: "{{topic}}" }],
      { x: 8, y: 135, w: 8 },
    ),
    timeseries(
      "Analytics: client batches accepted, events behind per topic",
      "short",
      [
        {
          expr: 'sum(rate(http_request_duration_seconds_count{service="analytics-service",route="/api/v1/analytics/events"}[$__rate_interval]))',
          legend: "batches/s",
        },
        {
          expr: 'max by (topic) (nova_consumer_lag{service="analytics-service"})',
          legend: "behind {{topic}}",
        },
      ],
      { x: 16, y: 135, w: 8 },
    ),
    row("Gateway", 143),
    timeseries(
      "Gateway: anonymous response cache hit ratio",
      "percentunit",
      [
        {
          expr: `sum(${rate("graphql_gateway_response_cache_requests_total", `${SVC},result="hit"`)}) / sum(${rate("graphql_gateway_response_cache_requests_total", SVC)})`,
          legend: "hit ratio",
        },
      ],
      { x: 0, y: 144 },
      "Signed-out requests answered from the gateway's response cache (kept until an event names what an answer contains, at most GATEWAY_RESPONSE_CACHE_TTL).",
    ),
    timeseries(
      "Gateway: response cache bytes per instance",
      "bytes",
      [{ expr: `max by (instance) (graphql_gateway_response_cache_bytes{${SVC}})`, legend: "{{instance}}" }],
      { x: 12, y: 144 },
      "Answers held by each gateway instance (bounded by GATEWAY_RESPONSE_CACHE_MAX_BYTES).",
    ),
  ];
  return {
    uid: "nova-overview",
    title: "Nova Overview",
    description:
      "Request rate, errors, p95/p99 per service and per version (canary comparison), gRPC, saturation, events.",
    tags: ["nova"],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: "30s",
    time: { from: "now-1h", to: "now" },
    timepicker: {},
    timezone: "utc",
    annotations: { list: [] },
    links: [],
    templating: {
      list: [
        {
          name: "datasource",
          label: "Data source",
          type: "datasource",
          query: "prometheus",
          current: {},
          hide: 0,
          refresh: 1,
        },
        variable("service", "Service", "label_values(http_requests_total, service)"),
        variable("version", "Version", 'label_values(http_requests_total{service=~"$service"}, version)'),
      ],
    },
    panels,
  };
}
