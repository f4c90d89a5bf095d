/**
 * `bun run bench`: runs each benchmark script one after another (each in its own process, so one
 * bench's servers and heap never skew the next) and prints their figures as they come. Benches
 * print numbers and assert nothing (DESIGN §8). Exits non-zero when any bench fails to run.
 *   bun run scripts/bench.ts                 every bench below
 *   bun run scripts/bench.ts auth pool       only the benches whose path contains a word
 */
import { join } from "node:path";

const root = join(import.meta.dir, "..");

/** The benches, in the order they run; add a new bench script here. */
export const BENCHES: readonly { path: string; args?: readonly string[] }[] = [
  { path: "services/identity-service/bench/auth.bench.ts" },
  { path: "packages/rpc/bench/transport.bench.ts" },
  // One hop through the kit (REST route, Connect RPC with a service token, + a PostgreSQL read).
  { path: "packages/kit/bench/kit-hop.bench.ts" },
  // A service's /graphql without a database: the lean path for known documents, yoga, a REST route.
  { path: "packages/subschema/bench/subschema.bench.ts" },
  // Needs a PostgreSQL server (DATABASE_URL, else the machine's 127.0.0.1:5432).
  { path: "packages/db/bench/pool.bench.ts" },
  { path: "packages/events/bench/relay-throughput.ts" },
  { path: "services/feature-store/bench/features.bench.ts" },
  { path: "services/ranking-service/bench/ranking.bench.ts" },
  // The social core in production mode's backends: PostgreSQL (DATABASE_URL's server, else
  // 127.0.0.1:5432) and Redis (REDIS_URL, else the machine's 127.0.0.1:6379).
  { path: "services/graph-service/bench/graph.bench.ts" },
  { path: "services/content-service/bench/content.bench.ts", args: ["postgres"] },
  { path: "services/social-service/bench/social.bench.ts", args: ["postgres"] },
  // Get post with counts and viewer state through the gateway, against a plain Bun.serve.
  { path: "scripts/bench-social-core.ts" },
  // One content → graph RPC hop (BatchCheckRelationships, Health/Check) through the real service client.
  { path: "scripts/bench-rpc-hop.ts" },
  // Each service's /graphql (the gateway's own calls, replayed) against its REST route (same backends).
  { path: "scripts/bench-subschema.ts" },
  // The home timeline under the DeathStarBench mix: 8 services as processes on PostgreSQL + Redis
  // (BENCH_REDIS_URL, else redis://127.0.0.1:6379/12 — flushed), a generated 560k-edge graph.
  { path: "scripts/bench-feed.ts" },
  // trust-safety's Check on 500-char posts (rules in process, the RPC, added cost to post creation).
  { path: "scripts/bench-trust-safety.ts" },
  // Chat relay with 1,000 sockets open: PostgreSQL (DATABASE_URL, else 127.0.0.1:5432) and Redis
  // pub/sub when REDIS_URL (else 127.0.0.1:6379/13) answers; against Bun.serve's own publish.
  { path: "services/realtime-chat-service/bench/chat.bench.ts" },
  // Ingestion (HTTP vs hello; per adapter) and DAU/retention over 1M (PGlite) / 10M (chDB, with
  // CLICKHOUSE_URL) bulk-generated events.
  { path: "services/analytics-service/bench/analytics.bench.ts" },
  // Notifications: a 10,000-like burst into one grouped item, inbox reads, Web Push sends (PGlite).
  { path: "services/notification-service/bench/notifications.bench.ts" },
  // search-service on 100,000 posts: the embedded engine (PGlite) and Elasticsearch when
  // ELASTICSEARCH_URL (or scripts/infra's .engines/env) names one.
  { path: "services/search-service/bench/search.bench.ts" },
  // 12-MP JPEGs through the image pipeline; health-check latency and event-loop lag meanwhile.
  { path: "services/media-service/bench/media.bench.ts" },
];

async function runBench(path: string, args: readonly string[]): Promise<{ ok: boolean; seconds: number }> {
  console.log(`\n=== ${path} ${args.join(" ")}`.trimEnd());
  const started = performance.now();
  const proc = Bun.spawn(["bun", "run", path, ...args], {
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
    env: process.env,
  });
  const code = await proc.exited;
  return { ok: code === 0, seconds: (performance.now() - started) / 1000 };
}

const filters = process.argv.slice(2);
const selected = BENCHES.filter((b) => filters.length === 0 || filters.some((f) => b.path.includes(f)));
if (selected.length === 0) {
  console.error(`no bench matches ${filters.join(", ")}; known: ${BENCHES.map((b) => b.path).join(", ")}`);
  process.exit(2);
}

const results: { path: string; ok: boolean; seconds: number }[] = [];
for (const bench of selected)
  results.push({ path: bench.path, ...(await runBench(bench.path, bench.args ?? [])) });

console.log("\n=== summary");
for (const r of results) console.log(`${r.ok ? "ok    " : "FAILED"} ${r.path} (${r.seconds.toFixed(1)} s)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
