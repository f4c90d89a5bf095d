/**
 * `bun run bench kit-hop`: what one hop through the service kit costs, against a plain Bun.serve
 * "hello" in the same run. A kit server (@nova/server, as every service builds it) serves a
 * trivial route, a REST route with a path parameter, and an internal RPC; a production-style
 * client (@nova/rpc's createServiceClient: deadline, breaker policy, metrics, service token)
 * calls it over Connect. The paths take turns in slices (so other load on a shared machine falls
 * on all alike); the figure is the process's CPU per call above its idle rate: client and server
 * share this thread, so it is the whole system's cost of one call. Prints figures; asserts nothing.
 *   bun run packages/kit/bench/kit-hop.bench.ts [calls=6000] [concurrency=16]
 * The "DB read" rows read one row by primary key through drizzle on the machine's PostgreSQL
 * (DATABASE_URL, else 127.0.0.1:5432) in a throwaway database; without one they are skipped.
 */
import type { HandlerContext } from "@connectrpc/connect";
import { createRoute, z } from "@hono/zod-openapi";
import { createTokenVerifier, internalRpc, optionalServiceCaller, publicRpc, serveRpc } from "@nova/auth";
import { createTestServicePki, createTestTokenIssuer } from "@nova/auth/testing";
import type { Database } from "@nova/db";
import { createLogger, createServiceMetrics } from "@nova/observability";
import { callContextMiddleware, closeServiceClient, createServiceClient } from "@nova/rpc";
import { createHealth, createServiceServer, listen } from "@nova/server";
import { AccessTestService, createPostgresTestDatabase, LOCAL_POSTGRES_URL } from "@nova/testing";
import { eq, sql } from "drizzle-orm";
import { pgTable, text } from "drizzle-orm/pg-core";

const CALLS = Number(process.argv[2] ?? 6000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const ROUNDS = 6;

const rows = pgTable("bench_rows", { id: text().primaryKey(), name: text().notNull() });

async function openDb(): Promise<{ db: Database; close(): Promise<void> } | undefined> {
  try {
    const handle = await createPostgresTestDatabase({
      adminUrl: process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL,
      maxConnections: 4,
    });
    await handle.db.execute(sql`create table bench_rows (id text primary key, name text not null)`);
    await handle.db.insert(rows).values({ id: "r1", name: "one" });
    return { db: handle.db, close: () => handle.close() };
  } catch (err) {
    console.log(`no PostgreSQL (${(err as Error).message.split("\n")[0]}): DB rows skipped`);
    return undefined;
  }
}

const pki = createTestServicePki();
const issuer = await createTestTokenIssuer();
const database = await openDb();
const service = "user-service";
const metrics = createServiceMetrics({ service, version: "bench", processMetrics: false });
const who = async (req: { account?: string }, ctx: HandlerContext) => {
  if (req.account === "db" && database) {
    const [row] = await database.db.select().from(rows).where(eq(rows.id, "r1")).limit(1);
    return { service: optionalServiceCaller(ctx) ?? "", account: row?.name ?? "" };
  }
  return { service: optionalServiceCaller(ctx) ?? "" };
};
type Access = { secret(r: { account?: string }): Promise<{ account: string }> };
// The caller side lives in the same process, as in the embedded default: a second kit server
// whose REST route calls the first one's RPC (the content REST → graph RPC shape).
const upstream = createServiceServer({
  service,
  version: "bench",
  env: "production",
  description: "kit-hop bench",
  log: createLogger({ level: "error", base: { service }, write: () => {} }),
  metrics,
  health: createHealth({ service, version: "bench", cacheMs: 0 }),
  surface: {
    rpc: (router) =>
      serveRpc(router, AccessTestService, { open: publicRpc(who), secret: internalRpc(who) } as never, {
        verifier: createTokenVerifier({ publicKeys: [issuer.publicJwk] }),
        identity: pki.identity(service),
      }),
    http: (app) => {
      app.openapi(
        createRoute({
          method: "get",
          path: "/api/v1/things/{id}",
          request: { params: z.object({ id: z.string().max(64) }) },
          responses: {
            200: {
              content: { "application/json": { schema: z.object({ id: z.string() }) } },
              description: "a thing",
            },
          },
        }),
        (c) => c.json({ id: c.req.valid("param").id }, 200),
      );
    },
  },
});
const upstreamRunning = await listen(upstream, { httpPort: 0, grpcPort: null, hostname: "127.0.0.1" });
const upstreamUrl = `http://127.0.0.1:${upstreamRunning.httpPort}`;

const callerMetrics = createServiceMetrics({
  service: "content-service",
  version: "bench",
  processMetrics: false,
});
const config = {
  service: { name: "content-service", version: "bench", env: "production" as const },
  grpc: { port: null, requestTimeoutMs: 10_000, connectionPoolSize: 1 },
};
const client = createServiceClient(AccessTestService, {
  target: service,
  config,
  baseUrl: upstreamUrl,
  registry: callerMetrics.registry,
  identity: pki.identity("content-service"),
}) as unknown as Access;
const caller = createServiceServer({
  service: "content-service",
  version: "bench",
  env: "production",
  description: "kit-hop bench caller",
  log: createLogger({ level: "error", base: { service: "content-service" }, write: () => {} }),
  metrics: callerMetrics,
  health: createHealth({ service: "content-service", version: "bench", cacheMs: 0 }),
  surface: {
    http: (app) => {
      app.use("/api/v1/*", callContextMiddleware());
      app.get("/api/v1/via-rpc/:kind", async (c) => {
        const r = await client.secret({ account: c.req.param("kind") });
        return c.json({ account: r.account });
      });
    },
  },
});
const callerRunning = await listen(caller, { httpPort: 0, grpcPort: null, hostname: "127.0.0.1" });
const callerUrl = `http://127.0.0.1:${callerRunning.httpPort}`;
const hello = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello") });
const helloUrl = `http://127.0.0.1:${hello.port}/`;

const get = (url: string) => async () => {
  const r = await fetch(url);
  await r.arrayBuffer();
  return r.ok;
};
const paths: { label: string; op: () => Promise<boolean> }[] = [
  { label: "hello (Bun.serve + fetch)", op: get(helloUrl) },
  { label: "kit GET /api/v1/health/live", op: get(`${upstreamUrl}/api/v1/health/live`) },
  { label: "kit REST /api/v1/things/:id (zod)", op: get(`${upstreamUrl}/api/v1/things/abc`) },
  { label: "kit RPC internal (service token)", op: async () => (await client.secret({})) !== undefined },
  ...(database
    ? [
        {
          label: "kit RPC internal + DB read",
          op: async () => (await client.secret({ account: "db" })).account === "one",
        },
      ]
    : []),
  { label: "kit REST → RPC", op: get(`${callerUrl}/api/v1/via-rpc/none`) },
  ...(database ? [{ label: "kit REST → RPC + DB read", op: get(`${callerUrl}/api/v1/via-rpc/db`) }] : []),
];

// BENCH_ONLY=<word>: hello plus the paths whose label contains the word (for profiling one path).
const only = process.env.BENCH_ONLY;
if (only) paths.splice(1, paths.length, ...paths.slice(1).filter((p) => p.label.includes(only)));

async function run(op: () => Promise<boolean>, total: number): Promise<number> {
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < total) if (!(await op().catch(() => false))) failures++;
    }),
  );
  return failures;
}

for (const p of paths) await run(p.op, 500);
const idle0 = process.cpuUsage();
const idleStarted = performance.now();
await Bun.sleep(500);
const idleCpu = process.cpuUsage(idle0);
const idlePerSecond = (idleCpu.user + idleCpu.system) / ((performance.now() - idleStarted) / 1000);
const acc = paths.map(() => ({ cpu: 0, seconds: 0, failures: 0 }));
const slice = Math.ceil(CALLS / ROUNDS);
for (let round = 0; round < ROUNDS; round++) {
  for (const [k, p] of paths.entries()) {
    const a = acc[k] as (typeof acc)[number];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    a.failures += await run(p.op, slice);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    a.seconds += seconds;
    a.cpu += Math.max(0, cpu.user + cpu.system - idlePerSecond * seconds);
  }
}
const n = slice * ROUNDS;
const base = (acc[0]?.cpu ?? 1) / n;
console.log(`${n} calls per path, concurrency ${CONCURRENCY}, Bun ${Bun.version}; CPU µs per call (×hello)`);
for (const [k, p] of paths.entries()) {
  const a = acc[k] as (typeof acc)[number];
  const perOp = a.cpu / n;
  console.log(
    `${p.label.padEnd(40)} ×${(perOp / base).toFixed(1).padStart(5)}  ${perOp.toFixed(0).padStart(6)} µs/op  ${(n / a.seconds).toFixed(0).padStart(6)} ops/s${a.failures ? `  ${a.failures} FAILED` : ""}`,
  );
}

closeServiceClient(client);
await callerRunning.stop({ timeoutMs: 500 });
await upstreamRunning.stop({ timeoutMs: 500 });
hello.stop(true);
await database?.close();
process.exit(0);
