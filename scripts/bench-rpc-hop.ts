/**
 * One internal RPC hop alone: content's view of graph-service (`BatchCheckRelationships`, one
 * target, as every post read makes it) and `grpc.health.v1.Health/Check` (no backend work) through
 * the real service client (service token, deadlines, breaker, metrics) to graph-service listening
 * on a shifted port, at 16 clients, alternating with a Bun.serve hello in the same process.
 * Prints CPU µs per call and its ratio to hello's. `BENCH_N` calls per run, `BENCH_ROUNDS` rounds.
 * Uses the machine's PostgreSQL (throwaway database) and Redis (db 14), like bench-social-core.
 */

import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { service as graph } from "@nova/graph-service";
import { createServiceIdentityFromConfig, startService } from "@nova/kit";
import { GraphService } from "@nova/proto/graph/v1";
import { Health } from "@nova/proto/grpc/health/v1";
import { createServiceClient } from "@nova/rpc";
import { createPostgresTestDatabase, LOCAL_POSTGRES_URL, silentLogger } from "@nova/testing";
import { measureInTurns, type PathFigures } from "./bench-in-turns.ts";

const N = Number(process.env.BENCH_N ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const C = 16;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/14";
const port = 28_000 + Math.floor(Math.random() * 300) * 10 + 7;

const db = await createPostgresTestDatabase({
  adminUrl: process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL,
  services: ["graph-service", EMBEDDED_BUS_MIGRATIONS],
});
const config = graph.loadConfig({
  HTTP_PORT: String(port),
  LOG_LEVEL: "error",
  DATABASE_URL: db.url,
  REDIS_URL,
  IDENTITY_SERVICE_URL: "http://127.0.0.1:9",
});
const started = await startService(graph, config, {
  overrides: { log: silentLogger(), processMetrics: false },
});
const hello = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("hello") });
const helloUrl = `http://127.0.0.1:${hello.port}/`;

const caller = { service: { ...config.service, name: "content-service" }, grpc: config.grpc };
const identity = createServiceIdentityFromConfig({ service: caller.service, identity: config.identity });
const opts = { target: "graph-service", config: caller, baseUrl: `http://127.0.0.1:${port}`, identity };
const graphClient = createServiceClient(GraphService, opts);
const healthClient = createServiceClient(Health, opts);
const viewerId = Bun.randomUUIDv7();
const targetIds = [Bun.randomUUIDv7()];

const allOps: [string, () => Promise<unknown>][] = [
  ["hello", async () => (await fetch(helloUrl)).text()],
  [
    "BatchCheckRelationships",
    async () => {
      const r = await graphClient.batchCheckRelationships({ viewerId, targetIds });
      if (r.relationships.length !== 1) throw new Error("bad answer");
    },
  ],
  ["Health/Check", () => healthClient.check({ service: "" })],
];
// BENCH_ONLY=Health/Check runs only that RPC (and hello), e.g. under the profiler.
const ops = allOps.filter(([n]) => n === "hello" || !process.env.BENCH_ONLY || n === process.env.BENCH_ONLY);
try {
  for (const [, op] of ops) for (let i = 0; i < 300; i++) await op(); // warm-up
  console.log(
    `N=${N} c=${C} load ${(await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ")}`,
  );
  const paths = ops.map(([label, op]) => ({ label, op }));
  for (let round = 1; round <= ROUNDS; round++) {
    const figures = await measureInTurns(paths, { total: N, concurrency: C, rounds: 1, idleMs: 0 });
    const h = figures[0] as PathFigures;
    console.log(
      `round ${round}: ` +
        figures
          .map(
            (r, k) =>
              `${paths[k]?.label} ${r.cpuMicrosPerOp.toFixed(0)} µs/call ×${(r.cpuMicrosPerOp / h.cpuMicrosPerOp).toFixed(2)} (${r.rps.toFixed(0)}/s)`,
          )
          .join(" | "),
    );
  }
} finally {
  hello.stop(true);
  await started.stop({ timeoutMs: 2000 });
  await db.close();
}
