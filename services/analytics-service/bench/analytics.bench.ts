/**
 * `bun run bench analytics`: client-event ingestion and the DAU/retention queries.
 *   1. HTTP: POST /api/v1/analytics/events with 500 anonymous events per request against a real
 *      analytics-service (embedded PGlite), and a plain Bun.serve "hello" given the same body with
 *      the same client in the same run — the ratio first.
 *   2. Each adapter's insert of batches of 500 (PGlite; PostgreSQL at DATABASE_URL or
 *      127.0.0.1:5432 when reachable; ClickHouse/chDB when CLICKHOUSE_URL is set).
 *   3. DAU (30 days by day) and retention (8 weekly cohorts) p50/p99 over bulk data: 1M events in
 *      the PostgreSQL tables (PGlite) and 10M in ClickHouse. The bulk data is generated directly in
 *      storage with SQL (INSERT … SELECT, rollups built the same way; ClickHouse's materialized
 *      views fill its rollups), not through the ingestion path.
 * Prints figures; asserts nothing.   BENCH_PG_EVENTS / BENCH_CH_EVENTS / BENCH_QUERY_RUNS override the sizes.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "@nova/db";
import { startService } from "@nova/kit";
import { createPostgresTestDatabase, createTestDatabase, silentLogger } from "@nova/testing";
import { sql } from "drizzle-orm";
import { DEFAULT_FUNNELS, parseFunnels } from "../src/domain/funnel-definitions.ts";
import { zonedRange } from "../src/domain/zoned-range.ts";
import { service } from "../src/index.ts";
import type { AnalyticsStore, ZonedRange } from "../src/store/analytics-store.ts";
import { funnelBitsTable } from "../src/store/clickhouse-funnel-bitmaps.ts";
import { zoneDaysTable, zoneWeeksTable } from "../src/store/clickhouse-zone-days.ts";
import {
  CLICKHOUSE_ROLLUPS,
  clickHouseTables,
  createClickHouseAnalyticsStore,
} from "../src/store/create-clickhouse-analytics-store.ts";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import type { EventRow } from "../src/store/event-row.ts";
import { ensureFunnelRollups } from "../src/store/funnel-rollups.ts";
import { ensureRollupZones } from "../src/store/zone-periods.ts";
import { dropClickHouseTables } from "../src/testing/drop-clickhouse-tables.ts";

const PG_EVENTS = Number(process.env.BENCH_PG_EVENTS ?? 1_000_000);
const CH_EVENTS = Number(process.env.BENCH_CH_EVENTS ?? 10_000_000);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 20);
const ACCOUNTS = 50_000;
const DAYS = 60;
const START = new Date("2026-09-01T00:00:00Z");

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function timed(n: number, concurrency: number, op: () => Promise<unknown>) {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const s = performance.now();
        await op();
        lat.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { perSecond: n / seconds, p50: pct(lat, 50), p99: pct(lat, 99) };
}

function clientBatch(deviceId: string) {
  const now = new Date().toISOString();
  return JSON.stringify({
    deviceId,
    events: Array.from({ length: 500 }, (_, i) => ({
      id: crypto.randomUUID(),
      name: i % 2 ? "screen_view" : "post_impression",
      occurredAt: now,
      properties:
        i % 2
          ? { screen: "home" }
          : { postId: crypto.randomUUID(), surface: "home", position: i, dwellMs: 800 },
    })),
  });
}

function rows(n: number): EventRow[] {
  const at = new Date();
  return Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    name: i % 3 ? "app_open" : "like",
    accountId: `acc-${i % 997}`,
    deviceId: null,
    sessionId: null,
    occurredAt: at,
    postId: i % 3 ? null : `post-${i % 50}`,
    targetAccountId: null,
    surface: null,
    source: "domain",
    properties: {},
  }));
}

/** Like rows(), but every event a funnel step, a minute apart per account (chains form and grow). */
let stepBatch = 0;
function stepRows(n: number): EventRow[] {
  const at0 = Date.now() - 3_600_000 + stepBatch++ * 60_000;
  return Array.from({ length: n }, (_, i) => ({
    ...eventRowBase,
    id: crypto.randomUUID(),
    name: ["app_open", "post_open", "like"][(i + stepBatch) % 3] as string,
    accountId: `acc-${i % 997}`,
    occurredAt: new Date(at0 + (i % 3) * 1000),
  }));
}
const eventRowBase: EventRow = {
  id: "",
  name: "",
  accountId: null,
  deviceId: null,
  sessionId: null,
  occurredAt: new Date(0),
  postId: "post-1",
  targetAccountId: null,
  surface: null,
  source: "domain",
  properties: {},
};

async function httpVsHello() {
  const dataDir = mkdtempSync(join(tmpdir(), "nova-analytics-bench-"));
  const free = () => {
    const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
    const p = s.port;
    s.stop(true);
    return String(p);
  };
  const started = await startService(
    service,
    service.loadConfig({
      HTTP_PORT: free(),
      GRPC_PORT: free(),
      APP_ENV: "test",
      NOVA_DATA_DIR: dataDir,
      LOG_LEVEL: "error",
      // Every request comes from 127.0.0.1: the limits are checked (and measured) but never refuse.
      ANALYTICS_RATE_LIMIT_DEVICE: "1000000/1m",
      ANALYTICS_RATE_LIMIT_IP: "1000000/1m",
    }),
    { overrides: { log: silentLogger() }, hostname: "127.0.0.1" },
  );
  const hello = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => {
      await req.arrayBuffer();
      return new Response("hello");
    },
  });
  try {
    const bodies = Array.from({ length: 200 }, () => clientBatch(crypto.randomUUID()));
    let i = 0;
    const post = (url: string) => async () => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: bodies[i++ % bodies.length],
      });
      await res.arrayBuffer();
      if (res.status >= 400) throw new Error(`${url} answered ${res.status}`);
    };
    const ingestUrl = `http://127.0.0.1:${started.server.httpPort}/api/v1/analytics/events`;
    await timed(10, 2, post(ingestUrl)); // warm-up (and the first PGlite writes)
    const floor = await timed(200, 4, post(`http://127.0.0.1:${hello.port}/`));
    i = 0;
    for (const b of bodies.keys()) bodies[b] = clientBatch(crypto.randomUUID()); // fresh ids: nothing deduplicated
    const ingest = await timed(200, 4, post(ingestUrl));
    console.log(
      `HTTP ingestion, 500 events/request, concurrency 4: ratio to Bun.serve hello ×${(floor.perSecond / ingest.perSecond).toFixed(1)} fewer requests/s`,
    );
    console.log(
      `  hello (same 500-event body)        ${floor.perSecond.toFixed(0).padStart(7)} req/s  p50 ${floor.p50.toFixed(2)} ms  p99 ${floor.p99.toFixed(2)} ms`,
    );
    helloP50 = floor.p50;
    console.log(
      `  analytics (PGlite)                 ${ingest.perSecond.toFixed(0).padStart(7)} req/s = ${(ingest.perSecond * 500).toFixed(0)} events/s  p50 ${ingest.p50.toFixed(2)} ms  p99 ${ingest.p99.toFixed(2)} ms`,
    );
  } finally {
    hello.stop(true);
    await started.stop({ timeoutMs: 3000 });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The hello's p50 latency from httpVsHello, the yardstick the query latencies are quoted against. */
let helloP50 = Number.NaN;
const vsHello = (ms: number) => `×${(ms / helloP50).toFixed(0)} hello p50`;

async function adapterInsert(label: string, store: AnalyticsStore, make = rows) {
  await store.insert(make(500));
  const r = await timed(40, 1, () => store.insert(make(500)));
  console.log(
    `  ${label.padEnd(34)} ${(r.perSecond * 500).toFixed(0).padStart(7)} events/s  batch p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms`,
  );
}

/** `from`..`to` local dates (inclusive) as the API's zonedRange gives them. */
const local = (from: string, to: string, tz = "Europe/Paris"): ZonedRange =>
  zonedRange({ from, to, tz }, new Date(Date.parse(`${to}T12:00:00Z`)));

const range = (days: number): ZonedRange => ({
  from: new Date(START.getTime() + (DAYS - days) * 86_400_000),
  to: new Date(START.getTime() + DAYS * 86_400_000),
  timeZone: "Europe/Paris",
});

async function queries(
  label: string,
  store: AnalyticsStore,
  before?: { dau: () => Promise<unknown>; mau: () => Promise<unknown> },
) {
  const kolkata = (days: number): ZonedRange => ({
    from: new Date(START.getTime() + (DAYS - days) * 86_400_000 - 5.5 * 3_600_000),
    to: new Date(START.getTime() + DAYS * 86_400_000 - 5.5 * 3_600_000),
    timeZone: "Asia/Kolkata",
  });
  const cases: [string, () => Promise<unknown>][] = [
    ["DAU 30 days (Europe/Paris)", () => store.activeUsers(range(30), "day")],
    ["DAU 30 days (Asia/Kolkata)", () => store.activeUsers(kolkata(30), "day")],
    ["WAU 8 weeks", () => store.activeUsers(range(56), "week")],
    ["MAU by month, 60 days", () => store.activeUsers(range(60), "month")],
    ["distinct actives 30 days", () => store.distinctActive(range(30))],
    ["distinct actives 30 days (Kolkata)", () => store.distinctActive(kolkata(30))],
    ["retention 8×8", () => store.retention(range(56), 8)],
    // The same questions as the API asks them (zonedRange: local midnights; dashboards from a Monday / the 1st).
    ["DAU 30 local days (Paris)", () => store.activeUsers(local("2026-10-01", "2026-10-30"), "day")],
    ["WAU 8 whole weeks (from a Monday)", () => store.activeUsers(local("2026-09-07", "2026-11-01"), "week")],
    ["MAU by month, Sep–Oct", () => store.activeUsers(local("2026-09-01", "2026-10-31"), "month")],
    [
      "DAU 30 local days (Kolkata)",
      () => store.activeUsers(local("2026-10-01", "2026-10-30", "Asia/Kolkata"), "day"),
    ],
    ["retention 8×8 from a Monday", () => store.retention(local("2026-09-07", "2026-11-01"), 8)],
    [
      "funnel app_open→post_open→like 24 h, 30 days",
      () =>
        store.funnel({
          ...local("2026-10-01", "2026-10-30"),
          steps: ["app_open", "post_open", "like"],
          windowMs: 24 * 3_600_000,
        }),
    ],
    // Not a configured funnel (window 1 h): the events, in any pass.
    [
      "funnel app_open→post_open→like 1 h, 30 days",
      () =>
        store.funnel({
          ...local("2026-10-01", "2026-10-30"),
          steps: ["app_open", "post_open", "like"],
          windowMs: 3_600_000,
        }),
    ],
    [
      "engagement 30 days",
      () =>
        store.metricsByDay(range(30), [
          "post",
          "like",
          "comment",
          "repost",
          "follow",
          "post_impression",
          "post_open",
        ]),
    ],
  ];
  for (const [name, run] of cases) {
    // The first read of a question (PostgreSQL then keeps the answers of periods that are over).
    const first = await timed(1, 1, run);
    const r = await timed(QUERY_RUNS, 1, run);
    console.log(
      `  ${label.padEnd(34)} ${name.padEnd(36)} first ${first.p50.toFixed(1).padStart(8)} ms (${vsHello(first.p50)})  then p50 ${r.p50.toFixed(1).padStart(7)} ms (${vsHello(r.p50)})  p99 ${r.p99.toFixed(1).padStart(7)} ms (${vsHello(r.p99)})`,
    );
  }
  if (before) {
    const old = await timed(Math.min(3, QUERY_RUNS), 1, before.dau);
    console.log(
      `  ${"  same data, the pre-0002 DAU query".padEnd(34)} DAU 30 days p50 ${old.p50.toFixed(1)} ms (${vsHello(old.p50)}) p99 ${old.p99.toFixed(1)} ms (3 runs)`,
    );
    const oldMau = await timed(Math.min(3, QUERY_RUNS), 1, before.mau);
    console.log(
      `  ${"  same data, the pre-0003 MAU query".padEnd(34)} p50 ${oldMau.p50.toFixed(1)} ms (${vsHello(oldMau.p50)}) p99 ${oldMau.p99.toFixed(1)} ms (3 runs)`,
    );
  }
}

/** DAU and MAU as they were read before migrations 0002/0003: count(distinct) over active_hours. */
const readsBefore = (db: Database) => {
  const r = range(30);
  return {
    dau: () =>
      db.execute(sql`select to_char(date_trunc('day', hour at time zone ${r.timeZone}), 'YYYY-MM-DD') as start,
          count(distinct account_id) as n from analytics_service.active_hours
          where hour >= ${r.from.toISOString()} and hour < ${r.to.toISOString()} group by 1 order by 1`),
    mau: () =>
      db.execute(sql`select count(distinct account_id) as n from analytics_service.active_hours
          where hour >= ${r.from.toISOString()} and hour < ${r.to.toISOString()}`),
  };
};

/** n events of ACCOUNTS accounts over DAYS days, plus one signup per account, and their rollups, all in SQL. */
async function bulkPostgres(db: Database, n: number) {
  const start = START.toISOString();
  await db.execute(sql`insert into analytics_service.events (id, name, account_id, occurred_at, post_id, surface, source)
    select 'b' || g, (array['app_open','post_impression','post_open','like'])[1 + (g / 7) % 4], 'acc-' || ((g * 7919) % ${ACCOUNTS}),
           ${start}::timestamptz + ((g * 104729) % ${DAYS * 86400}) * interval '1 second',
           case when (g / 7) % 4 <> 0 then 'post-' || (g % 20000) end, case when (g / 7) % 4 in (1, 2) then 'home' end, 'domain'
    from generate_series(1::bigint, ${n}::bigint) g`);
  await db.execute(sql`insert into analytics_service.events (id, name, account_id, occurred_at, source)
    select 's' || a, 'signup', 'acc-' || a, ${start}::timestamptz + (a % ${DAYS}) * interval '1 day', 'domain'
    from generate_series(0::bigint, ${ACCOUNTS - 1}::bigint) a`);
  await db.execute(sql`insert into analytics_service.active_hours
    select distinct date_trunc('hour', occurred_at), account_id from analytics_service.events`);
  // active_windows: the same statement migration 0002 backfills it with.
  const migration = readFileSync(
    new URL("../../../drizzle/analytics-service/0002_active_windows.sql", import.meta.url),
    "utf8",
  );
  await db.execute(sql.raw(migration.split("--> statement-breakpoint").at(-1) as string));
  // active_accounts: likewise from migration 0003.
  const accounts = readFileSync(
    new URL("../../../drizzle/analytics-service/0003_active_accounts.sql", import.meta.url),
    "utf8",
  );
  await db.execute(sql.raw(accounts.split("--> statement-breakpoint").at(-1) as string));
  // The span, cohort and author rollups (0004) and the 15-minute counts (0005): their backfills.
  for (const file of ["0004_account_spans.sql", "0005_quarter_counts.sql"]) {
    const text = readFileSync(new URL(`../../../drizzle/analytics-service/${file}`, import.meta.url), "utf8");
    for (const statement of text
      .split("--> statement-breakpoint")
      .filter((x) => /^\s*(--[^\n]*\n\s*)*INSERT/i.test(x)))
      await db.execute(sql.raw(statement));
  }
  await db.execute(sql`analyze`);
}

async function pgQueries() {
  console.log(`\nQueries over bulk data (Europe/Paris days; ${QUERY_RUNS} runs each):`);
  const big = await createTestDatabase({ services: ["analytics-service"] });
  const t0 = performance.now();
  await bulkPostgres(big.db, PG_EVENTS);
  console.log(
    `  PGlite: ${PG_EVENTS} events + ${ACCOUNTS} signups generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  await queries(
    `PGlite ${PG_EVENTS / 1e6}M, span path`,
    createPostgresAnalyticsStore(big.db),
    readsBefore(big.db),
  );
  // The same questions with Paris and Kolkata as rollup zones (ANALYTICS_ROLLUP_ZONES), the span
  // answers kept by the reads above forgotten first so that "first" is a first read again.
  await big.db.execute(sql`delete from analytics_service.period_counts`);
  const zones = ["Europe/Paris", "Asia/Kolkata"];
  const t1 = performance.now();
  await ensureRollupZones(big.db, zones);
  await big.db.execute(sql`analyze`);
  console.log(
    `  PGlite: rollup zones ${zones.join(", ")} backfilled from the events in ${((performance.now() - t1) / 1000).toFixed(0)} s`,
  );
  // The default kept funnel (ANALYTICS_FUNNELS) in UTC and both zones: backfilled from the events.
  const funnels = parseFunnels(DEFAULT_FUNNELS).funnels;
  const t2 = performance.now();
  await ensureFunnelRollups(big.db, funnels, ["UTC", ...zones]);
  await big.db.execute(sql`analyze`);
  console.log(
    `  PGlite: kept funnel ${DEFAULT_FUNNELS} backfilled in UTC, ${zones.join(", ")} in ${((performance.now() - t2) / 1000).toFixed(0)} s`,
  );
  await queries(
    `PGlite ${PG_EVENTS / 1e6}M, rollup zones`,
    createPostgresAnalyticsStore(big.db, { rollupZones: zones, funnels }),
  );
  await big.close();
}

async function main() {
  console.log(`analytics bench, ${navigator.hardwareConcurrency} cores`);
  await httpVsHello();
  // BENCH_ONLY=queries: the hello and the PGlite bulk queries only.
  if (process.env.BENCH_ONLY === "queries") return pgQueries();

  console.log("\nAdapter inserts, batches of 500 (dedup check + rollups included):");
  const pglite = await createTestDatabase({ services: ["analytics-service"] });
  await adapterInsert("PostgreSQL tables on PGlite", createPostgresAnalyticsStore(pglite.db));
  // The upkeep of two more rollup zones (memberships, counts, retention cells) on the same data.
  const zoned = await createTestDatabase({ services: ["analytics-service"] });
  await adapterInsert(
    "PGlite, + Paris and Kolkata rollup zones",
    createPostgresAnalyticsStore(zoned.db, { rollupZones: ["Europe/Paris", "Asia/Kolkata"] }),
  );
  await zoned.close();
  // The upkeep of the default kept funnel (listed as a first read would list it) on the same data.
  const kept = await createTestDatabase({ services: ["analytics-service"] });
  const funnels = parseFunnels(DEFAULT_FUNNELS).funnels;
  await ensureFunnelRollups(kept.db, funnels, ["UTC"]);
  await adapterInsert(
    `PGlite, + kept funnel ${DEFAULT_FUNNELS}`,
    createPostgresAnalyticsStore(kept.db, { funnels }),
  );
  // Batches where every event is a step (app_open, post_open, like in turn) of 997 accounts.
  await adapterInsert(
    "PGlite, kept funnel, steps only",
    createPostgresAnalyticsStore(kept.db, { funnels }),
    stepRows,
  );
  const plain = await createTestDatabase({ services: ["analytics-service"] });
  await adapterInsert("PGlite, no kept funnel, steps only", createPostgresAnalyticsStore(plain.db), stepRows);
  await plain.close();
  await kept.close();
  let pg: Awaited<ReturnType<typeof createPostgresTestDatabase>> | undefined;
  try {
    pg = await createPostgresTestDatabase({ services: ["analytics-service"] });
    await adapterInsert("PostgreSQL tables on PostgreSQL", createPostgresAnalyticsStore(pg.db));
  } catch (err) {
    console.log(`  PostgreSQL: not reachable (${err instanceof Error ? err.message : err}), skipped`);
  }
  const chUrl = process.env.CLICKHOUSE_URL;
  const prefix = `analytics_bench_${Date.now().toString(36)}_`;
  // The bulk store keeps the default funnel and two zones' days: their views fill while the data is
  // generated; the funnel's bitmaps (no view: a chain spans batches) are built after, see below.
  const chFunnels = parseFunnels(DEFAULT_FUNNELS).funnels;
  const chOptions = {
    url: chUrl ?? "",
    prefix,
    funnels: chFunnels,
    rollupZones: ["Europe/Paris", "Asia/Kolkata"],
  };
  let ch = chUrl ? await createClickHouseAnalyticsStore(chOptions) : undefined;
  if (ch && chUrl) {
    const plainPrefix = `${prefix}plain_`;
    const plainCh = await createClickHouseAnalyticsStore({ url: chUrl, prefix: plainPrefix });
    await adapterInsert("ClickHouse (chDB HTTP)", plainCh);
    await adapterInsert("ClickHouse, no kept funnel, steps only", plainCh, stepRows);
    await plainCh.close();
    await dropClickHouseTables(chUrl, plainPrefix);
    await adapterInsert(`ClickHouse, + kept funnel ${DEFAULT_FUNNELS}`, ch);
    await adapterInsert("ClickHouse, kept funnel, steps only", ch, stepRows);
  } else console.log("  ClickHouse: CLICKHOUSE_URL unset (bun run infra:up clickhouse), skipped");

  await pgQueries();
  if (ch && chUrl) {
    let t0 = performance.now();
    const { createClient } = await import("@clickhouse/client");
    const admin = createClient({
      url: chUrl,
      request_timeout: 600_000,
      clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: "10000" },
    });
    t0 = performance.now();
    await admin.command({
      query: `INSERT INTO ${prefix}events (id, name, account_id, device_id, session_id, occurred_at, post_id, target_account_id, surface, source, properties)
        SELECT concat('b', toString(number)), ['app_open','post_impression','post_open','like'][1 + intDiv(number, 7) % 4],
               concat('acc-', toString((number * 7919) % ${ACCOUNTS})), '', '',
               toDateTime64('${START.toISOString().slice(0, 19).replace("T", " ")}', 3, 'UTC') + toIntervalSecond((number * 104729) % ${DAYS * 86400}),
               if(intDiv(number, 7) % 4 != 0, concat('post-', toString(number % 20000)), ''), '', if(intDiv(number, 7) % 4 IN (1, 2), 'home', ''), 'domain', '{}'
        FROM numbers(${CH_EVENTS})`,
    });
    await admin.command({
      query: `INSERT INTO ${prefix}events (id, name, account_id, device_id, session_id, occurred_at, post_id, target_account_id, surface, source, properties)
        SELECT concat('s', toString(number)), 'signup', concat('acc-', toString(number)), '', '',
               toDateTime64('${START.toISOString().slice(0, 19).replace("T", " ")}', 3, 'UTC') + toIntervalDay(number % ${DAYS}), '', '', '', 'domain', '{}'
        FROM numbers(${ACCOUNTS})`,
    });
    console.log(
      `  chDB: ${CH_EVENTS} events + ${ACCOUNTS} signups generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    // The kept funnel's bitmaps from the generated events, as a store opening on events builds a
    // kept funnel new to it (its table dropped first).
    await ch.close();
    for (const f of chFunnels) await admin.command({ query: `DROP TABLE ${funnelBitsTable(prefix, f)}` });
    t0 = performance.now();
    ch = await createClickHouseAnalyticsStore(chOptions);
    console.log(
      `  chDB: kept funnel ${DEFAULT_FUNNELS} built from the events (UTC, Paris, Kolkata) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    await queries(`ClickHouse (chDB), ${CH_EVENTS / 1e6}M, parts as inserted`, ch);
    // A live server merges parts in the background; a bulk load leaves them unmerged. Merged:
    const tables = clickHouseTables(prefix);
    t0 = performance.now();
    for (const table of [
      ...CLICKHOUSE_ROLLUPS.map((key) => tables[key]),
      ...chFunnels.map((f) => funnelBitsTable(prefix, f)),
      `${prefix}funnel_actors`,
      ...["UTC", "Europe/Paris", "Asia/Kolkata"].flatMap((z) => [
        zoneDaysTable(prefix, z),
        zoneWeeksTable(prefix, z),
      ]),
    ])
      await admin.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    console.log(
      `  chDB: rollups merged (OPTIMIZE … FINAL) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    await queries(`ClickHouse (chDB), ${CH_EVENTS / 1e6}M, merged`, ch);
    // The same tables read by an instance that keeps no funnel and no zone but UTC: the paths before
    // kept funnels and zone days (windowFunnel over the raw step events; ~720 hourly uniq states).
    const unkept = await createClickHouseAnalyticsStore({ url: chUrl, prefix });
    await queries(`ClickHouse (chDB), ${CH_EVENTS / 1e6}M, merged, unkept paths`, unkept);
    const funnel24 = {
      ...local("2026-10-01", "2026-10-30"),
      steps: ["app_open", "post_open", "like"],
      windowMs: 24 * 3_600_000,
    };
    console.log(`  funnel 24 h: kept ${await ch.funnel(funnel24)}, raw ${await unkept.funnel(funnel24)}`);
    await unkept.close();
    await admin.close();
    await dropClickHouseTables(chUrl, prefix);
    await ch.close();
  }
  await pglite.close();
  await pg?.close();
}

await main();
process.exit(0);
