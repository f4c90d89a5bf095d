// Point-query latency and throughput through a @nova/db handle (drizzle + pool limiter) for each
// PostgreSQL driver, against a real server (DATABASE_URL, else the machine's 127.0.0.1:5432).
// Client and server share the machine's cores: compare the rows with each other.
//   bun run packages/db/bench/pool.bench.ts [queries=20000] [concurrency=1,10,64] [pool=10]
import { createPostgresTestDatabase, silentLogger } from "@nova/testing";
import { eq, sql } from "drizzle-orm";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { type DatabaseHandle, openDatabase, type PostgresDriver } from "../src/index.ts";

const queries = Number(process.argv[2] ?? 20_000);
const concurrencies = (process.argv[3] ?? "1,10,64").split(",").map(Number);
const poolSize = Number(process.argv[4] ?? 10);
const ROWS = 10_000;
const items = pgTable("bench_items", { id: integer().primaryKey(), name: text().notNull() });

const database = await createPostgresTestDatabase({
  ...(process.env.DATABASE_URL ? { adminUrl: process.env.DATABASE_URL } : {}),
});
await database.db.execute(sql`create table bench_items (id int primary key, name text not null)`);
await database.db.execute(
  sql`insert into bench_items select g, 'item ' || g from generate_series(1, ${ROWS}) g`,
);

async function measure(handle: DatabaseHandle, concurrency: number) {
  const pointQuery = (id: number) => handle.db.select().from(items).where(eq(items.id, id));
  for (let i = 0; i < 500; i++) await pointQuery(1 + (i % ROWS)); // warm-up: connections, JIT, statements
  const latencies = new Float64Array(queries);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < queries) {
        const i = next++;
        const t = performance.now();
        const rows = await pointQuery(1 + ((i * 7919) % ROWS));
        latencies[i] = performance.now() - t;
        if (rows.length !== 1) throw new Error(`point query ${i} returned ${rows.length} rows`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();
  const pct = (p: number) => latencies[Math.min(queries - 1, Math.floor(queries * p))]?.toFixed(3);
  return { rps: Math.round(queries / seconds), p50: pct(0.5), p99: pct(0.99) };
}

console.log(`point queries by primary key: ${queries} per row, pool ${poolSize}, Bun ${Bun.version}`);
console.log("driver       concurrency   req/s    p50 ms   p99 ms");
try {
  for (const concurrency of concurrencies) {
    for (const driver of ["postgres-js", "bun-sql"] satisfies PostgresDriver[]) {
      const handle = await openDatabase({
        url: database.url,
        dataDir: "",
        maxConnections: poolSize,
        debugSql: false,
        log: silentLogger(),
        applicationName: "nova-db-bench",
        // Measure the drivers, not back-pressure: every caller may queue.
        pool: { maxWaiting: concurrency, maxWaitMs: 60_000 },
        driver,
      });
      try {
        const r = await measure(handle, concurrency);
        console.log(
          `${driver.padEnd(12)} ${String(concurrency).padStart(11)} ${String(r.rps).padStart(7)} ${r.p50?.padStart(9)} ${r.p99?.padStart(8)}`,
        );
      } finally {
        await handle.close();
      }
    }
  }
} finally {
  await database.close();
}
