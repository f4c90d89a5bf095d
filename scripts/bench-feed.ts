/**
 * `bun run bench feed` (scripts/bench-feed.ts: it starts several services, so it lives outside any
 * one service): the home timeline under the DeathStarBench social-network mix, in production
 * mode — identity, user, graph, content, social, feature-store, ranking and feed each in its own
 * process, on a throwaway database of the machine's PostgreSQL (DATABASE_URL's server, else
 * 127.0.0.1:5432; the embedded event bus in that database) and Redis (BENCH_REDIS_URL, else
 * redis://127.0.0.1:6379/12, which the bench FLUSHES), load generator in this process.
 *
 * 1. A generated social graph (services/feed-service/bench/social-graph.ts: 60,000 accounts, 560,000 heavy-tailed follow
 *    edges, 3 celebrities with ≥ 50,000 followers) is imported into graph-service's store; its
 *    1,000 most-followed accounts are registered through identity (they read and post), the rest
 *    are follower-only accounts.
 * 2. Each registered account publishes BENCH_SEED_POSTS posts through content; feed fans them out.
 * 3. A plain Bun.serve "hello" and then the mix (60% home timeline, 30% user timeline, 10% compose
 *    post) run for BENCH_SECONDS each at BENCH_CONCURRENCY closed-loop clients; the mix prints
 *    throughput and p50/p99 per operation, and the ratio to hello.
 * 4. Freshness: a celebrity (read-time merge) and the most-followed author below the fan-out
 *    threshold (fan-out on write) each post once; the time until every registered follower's home
 *    timeline shows it is printed (for the fan-out author also: until every follower's timeline in
 *    the cache holds it).
 * 5. For-you for viewers whose timelines hold ≥ 500 candidates: p50/p99.
 * Prints figures; asserts nothing (DESIGN §8).
 */

import { join } from "node:path";
import { SERVICES } from "@nova/config";
import { openDatabase } from "@nova/db";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { importFollowEdges } from "@nova/graph-service/bulk";
import { everyWriteLimit } from "@nova/rate-limit";
import { createPostgresTestDatabase, LOCAL_POSTGRES_URL, silentLogger } from "@nova/testing";
import { RedisClient, SQL } from "bun";
import {
  DEFAULT_GRAPH,
  degreeStats,
  followerCounts,
  generateSocialGraph,
  seededRandom,
} from "../services/feed-service/bench/social-graph.ts";
import { checkFailModes } from "./check-fail-modes.ts";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = num("BENCH_USERS", DEFAULT_GRAPH.users);
const EDGES = num("BENCH_EDGES", DEFAULT_GRAPH.edges);
const REGISTERED = num("BENCH_REGISTERED", 1_000);
const SEED_POSTS = num("BENCH_SEED_POSTS", 3);
const SECONDS = num("BENCH_SECONDS", 20);
const CONCURRENCY = num("BENCH_CONCURRENCY", 16);
const THRESHOLD = num("FEED_FANOUT_THRESHOLD", 10_000);
const POWER_USERS = 20;
const POWER_FOLLOWS = Math.min(600, REGISTERED - DEFAULT_GRAPH.celebrities - POWER_USERS);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/12";
const root = join(import.meta.dir, "..");

const NAMES = [
  "identity-service",
  "user-service",
  "graph-service",
  "content-service",
  "social-service",
  "feature-store",
  "ranking-service",
  "feed-service",
] as const;
type Name = (typeof NAMES)[number];
// Ports 2000 above the catalogue's (10,0xx/11,0xx), away from dev's and the tests' ranges.
const OFFSET = 2_000;
const httpPort = (name: string) => (SERVICES.find((s) => s.name === name)?.httpPort ?? 0) + OFFSET;
const url = (name: Name) => `http://127.0.0.1:${httpPort(name)}`;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Runs `concurrency` closed loops for `seconds`; each call of `pick` chooses and runs one op. */
async function closedLoop(
  seconds: number,
  concurrency: number,
  /** The next operation; undefined ends that client's loop before the deadline. */
  pick: () => { label: string; run: () => Promise<boolean> } | undefined,
): Promise<{ elapsed: number; byLabel: Map<string, { lat: number[]; failed: number }> }> {
  const byLabel = new Map<string, { lat: number[]; failed: number }>();
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const op = pick();
        if (!op) return;
        const slot = byLabel.get(op.label) ?? { lat: [], failed: 0 };
        byLabel.set(op.label, slot);
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await op.run();
        } catch {
          ok = false;
        }
        slot.lat.push(performance.now() - t0);
        if (!ok) slot.failed++;
      }
    }),
  );
  return { elapsed: (performance.now() - started) / 1000, byLabel };
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  n: number;
  failed: number;
}
function figures(lat: number[], failed: number, elapsed: number): Figures {
  const sorted = [...lat].sort((a, b) => a - b);
  return {
    rps: sorted.length / elapsed,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    n: sorted.length,
    failed,
  };
}
function printFigures(label: string, f: Figures) {
  console.log(
    `${label.padEnd(34)} ${String(f.n).padStart(7)} ops ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${ms(f.p50).padStart(9)}  p99 ${ms(f.p99).padStart(9)}` +
      (f.failed ? `  ${f.failed} FAILED` : ""),
  );
}

// ---- the services, each in its own process ----------------------------------------------------

// BENCH_CPU_PROF=<dir>: each service writes a CPU profile (markdown) there when it stops.
const profileArgs = (name: string) =>
  process.env.BENCH_CPU_PROF
    ? ["--cpu-prof-md", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${name}.md`]
    : [];
/** CPU time (user + system, ms) a process has used so far, from /proc (Linux only). */
async function cpuMillis(pid: number): Promise<number> {
  const stat = await Bun.file(`/proc/${pid}/stat`)
    .text()
    .catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
}
/** CPU per operation between two snapshots, by process and in all ("total … ms: a x ms, …"). */
function cpuPerOp(before: Map<string, number>, after: Map<string, number>, ops: number): string {
  const each = [...after].map(([n, a]) => [n, (a - (before.get(n) ?? 0)) / ops] as const);
  const total = each.reduce((sum, [, ms]) => sum + ms, 0);
  return `total ${total.toFixed(2)} ms: ${each.map(([n, ms]) => `${n} ${ms.toFixed(2)} ms`).join(", ")}`;
}
async function cpuSnapshot(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [n, p] of procs.entries()) out.set(NAMES[n] as string, await cpuMillis(p.pid));
  out.set("bench (load generator)", await cpuMillis(process.pid));
  // PostgreSQL's backends and Redis, when they run on this machine (all of their processes).
  for (const comm of ["postgres", "redis-server"]) {
    let total = 0;
    for (const pid of new Bun.Glob("[0-9]*").scanSync({ cwd: "/proc", onlyFiles: false })) {
      const name = await Bun.file(`/proc/${pid}/comm`)
        .text()
        .catch(() => "");
      if (name.trim() === comm) total += await cpuMillis(Number(pid));
    }
    out.set(comm, total);
  }
  return out;
}

const adminUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
const redis = new RedisClient(REDIS_URL);
await redis.send("FLUSHDB", []);
const database = await createPostgresTestDatabase({
  adminUrl,
  services: [...NAMES, EMBEDDED_BUS_MIGRATIONS],
});
const procs: ReturnType<typeof Bun.spawn>[] = [];
const hello = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello") });

async function stopAll() {
  for (const p of procs) p.kill("SIGTERM");
  await Promise.all(procs.map((p) => Promise.race([p.exited, Bun.sleep(5_000)])));
  for (const p of procs) p.kill("SIGKILL");
  hello.stop(true);
  redis.close();
  await database.close();
}
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

try {
  const peerEnv = Object.fromEntries(
    NAMES.map((n) => [`${n.replaceAll("-", "_").toUpperCase()}_URL`, url(n)]),
  ) as Record<string, string>;
  peerEnv.FEATURE_STORE_URL = url("feature-store");
  const t0 = performance.now();
  for (const name of NAMES) {
    procs.push(
      Bun.spawn(["bun", ...profileArgs(name), "run", `services/${name}/src/main.ts`], {
        cwd: root,
        stdout: process.env.BENCH_LOG_LEVEL ? "inherit" : "ignore",
        stderr: "inherit",
        env: {
          ...process.env,
          ...peerEnv,
          HTTP_PORT: String(httpPort(name)),
          GRPC_PORT: String(httpPort(name) + 1000),
          DATABASE_URL: database.url,
          DATABASE_MAX_CONNECTIONS: "10",
          REDIS_URL,
          LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "error",
          FEED_FANOUT_THRESHOLD: String(THRESHOLD),
          AUTH_RATE_LIMIT_PER_MINUTE: "100000",
          // Load from a few accounts and one address: limits are checked (and cost) but never refuse.
          ...everyWriteLimit("1000000/1m"),
          ACCESS_TOKEN_TTL: "120m",
          // No trust-safety here: sign-up usernames and profile text pass, counted.
          ...checkFailModes(NAMES),
          // Registration speed only: 1,000 sign-ups with OWASP's 19 MiB argon2id would take minutes.
          PASSWORD_HASH_MEMORY_KIB: "1024",
          PASSWORD_HASH_ITERATIONS: "1",
        },
      }),
    );
  }
  for (const [n, name] of NAMES.entries()) {
    for (let i = 0; ; i++) {
      if (procs[n]?.exitCode !== null) throw new Error(`${name} exited (see its stderr above)`);
      const ok = await fetch(`${url(name)}/api/v1/health/ready`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (i > 600) throw new Error(`${name} did not become ready`);
      await Bun.sleep(100);
    }
  }
  console.log(
    `feed bench: ${NAMES.length} services as processes on PostgreSQL + Redis (${REDIS_URL}), ` +
      `${navigator.hardwareConcurrency} cores; ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // ---- the graph --------------------------------------------------------------------------------
  const graph = generateSocialGraph({ users: USERS, edges: EDGES });
  const stats = degreeStats(graph);
  console.log(
    `graph: ${USERS} accounts, ${stats.edges} follow edges; followers p50 ${stats.followersP50}, p99 ${stats.followersP99}, ` +
      `max ${stats.maxFollowers}; ${stats.over50k} accounts ≥ 50k followers, ${stats.over10k} ≥ 10k, ${stats.over1k} ≥ 1k; ` +
      `top 1% hold ${(stats.top1PercentShare * 100).toFixed(0)}% of edges; max following ${stats.maxFollowing}`,
  );

  const json = async (res: Response) => {
    if (!res.ok) throw new Error(`${res.status} ${res.url}: ${await res.text()}`);
    return res.json();
  };
  const run = Date.now().toString(36);
  const ids: string[] = new Array(USERS);
  const tokens: string[] = new Array(REGISTERED);
  const tReg = performance.now();
  let nextReg = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = nextReg++; i < REGISTERED; i = nextReg++) {
        const body = await json(
          await fetch(`${url("identity-service")}/api/v1/auth/register`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              email: `b${i}_${run}@example.com`,
              password: "BenchPass123!",
              username: `b${i}_${run}`,
            }),
          }),
        );
        ids[i] = body.account.id;
        tokens[i] = body.tokens.accessToken;
      }
    }),
  );
  for (let i = REGISTERED; i < USERS; i++) ids[i] = crypto.randomUUID();
  console.log(`registered ${REGISTERED} accounts in ${((performance.now() - tReg) / 1000).toFixed(1)} s`);

  const tImport = performance.now();
  const graphDb = await openDatabase({
    url: database.url,
    dataDir: "",
    maxConnections: 2,
    debugSql: false,
    log: silentLogger(),
    applicationName: "nova-bench",
  });
  const base = Date.now() - 30 * 86_400_000;
  // For-you needs viewers with ≥ 500 candidates: the last POWER_USERS registered accounts also
  // follow POWER_FOLLOWS registered authors (past the celebrities), so their timelines fill up.
  const powerUsers = Array.from({ length: POWER_USERS }, (_, k) => REGISTERED - 1 - k);
  const imported = await importFollowEdges(
    graphDb.db,
    (function* () {
      for (let e = 0; e < graph.from.length; e++)
        yield {
          followerId: ids[graph.from[e] as number] as string,
          followeeId: ids[graph.to[e] as number] as string,
          createdAt: new Date(base + e),
        };
      for (const u of powerUsers)
        for (let a = DEFAULT_GRAPH.celebrities; a < DEFAULT_GRAPH.celebrities + POWER_FOLLOWS; a++)
          yield { followerId: ids[u] as string, followeeId: ids[a] as string, createdAt: new Date(base) };
    })(),
  );
  await graphDb.close();
  console.log(
    `imported ${imported} follow edges (${POWER_USERS} power users × ${POWER_FOLLOWS} follows included) in ${((performance.now() - tImport) / 1000).toFixed(1)} s`,
  );

  // ---- seed posts (fanned out by feed) -----------------------------------------------------------
  const followers = followerCounts(graph);
  const compose = async (i: number, text: string) => {
    const res = await fetch(`${url("content-service")}/api/v1/posts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens[i]}` },
      body: JSON.stringify({ text, visibility: "public" }),
    });
    if (res.status !== 201) throw new Error(`compose ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const lagSql = new SQL(database.url, { max: 1 });
  const feedLag = async () => {
    const rows = (await lagSql`
      select coalesce(sum(l.next - coalesce(o."offset", 0)), 0)::int as lag
      from (select topic, max("offset") + 1 as next from nova_bus.log group by topic) l
      left join nova_bus.consumer_offsets o on o.topic = l.topic and o.group_id = 'nova-feed-service'
      where l.topic = 'nova.content-service.events'`) as { lag: number }[];
    return Number(rows[0]?.lag ?? 0);
  };
  // Every consumer group's lag over every topic it reads (feature-store, social, ranking… too).
  const busLag = async () => {
    const rows = (await lagSql`
      select coalesce(sum(greatest(l.next - o."offset", 0)), 0)::int as lag
      from nova_bus.consumer_offsets o
      join (select topic, max("offset") + 1 as next from nova_bus.log group by topic) l on l.topic = o.topic`) as {
      lag: number;
    }[];
    return Number(rows[0]?.lag ?? 0);
  };
  const tSeed = performance.now();
  let nextSeed = 0;
  const seedTotal = REGISTERED * SEED_POSTS;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let k = nextSeed++; k < seedTotal; k = nextSeed++)
        await compose(k % REGISTERED, `seed post ${k} #bench`);
    }),
  );
  const composed = (performance.now() - tSeed) / 1000;
  while ((await feedLag()) > 0) await Bun.sleep(250);
  console.log(
    `seeded ${seedTotal} posts in ${composed.toFixed(1)} s; feed fanned them out after ${((performance.now() - tSeed) / 1000).toFixed(1)} s`,
  );
  // The mix starts on a quiet system: every other consumer (feature-store's materialisation,
  // social, ranking) has caught up with the seed too, and the tables have planner statistics —
  // which autovacuum would have gathered after such a load; where it is off (this machine's
  // PostgreSQL), never analysed tables get plans that scan whole indexes (content's posts by id).
  const quietBy = performance.now() + 180_000;
  let lag = await busLag();
  for (; lag > 0 && performance.now() < quietBy; lag = await busLag()) await Bun.sleep(250);
  const autovacuum = ((await lagSql`select current_setting('autovacuum') as v`) as { v: string }[])[0]?.v;
  await lagSql`analyze`;
  console.log(
    `${lag === 0 ? "every consumer caught up" : `consumers still ${lag} events behind`} after ${((performance.now() - tSeed) / 1000).toFixed(1)} s; ` +
      `tables analysed (autovacuum ${autovacuum})`,
  );

  if (process.env.BENCH_HOLD) {
    // Debugging: keep the seeded system up and say how to reach it.
    await Bun.write(
      process.env.BENCH_HOLD,
      JSON.stringify({
        urls: Object.fromEntries(NAMES.map((n) => [n, url(n)])),
        ids: ids.slice(0, REGISTERED),
        tokens,
      }),
    );
    console.log(`holding; state in ${process.env.BENCH_HOLD}; Ctrl-C to stop`);
    await new Promise(() => {});
  }

  // ---- the mix, against hello ---------------------------------------------------------------------
  const random = seededRandom(7);
  const registeredRandom = () => Math.floor(random() * REGISTERED);
  // Profiles are visited by popularity: Zipf over the registered accounts' rank.
  const zipfCdf: number[] = [];
  let zipfSum = 0;
  for (let i = 0; i < REGISTERED; i++) {
    zipfSum += 1 / (i + 1);
    zipfCdf.push(zipfSum);
  }
  const popularRegistered = () => {
    const x = random() * (zipfCdf.at(-1) as number);
    let lo = 0;
    let hi = REGISTERED - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((zipfCdf[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const auth = (i: number) => ({ authorization: `Bearer ${tokens[i]}` });
  const homeTimeline = async (viewer = registeredRandom()) => {
    const res = await fetch(`${url("feed-service")}/api/v1/feed/home?limit=20`, {
      headers: auth(viewer),
    });
    return res.ok && Array.isArray(((await res.json()) as { items: unknown[] }).items);
  };
  const userTimeline = async (viewer = registeredRandom()) => {
    const res = await fetch(
      `${url("feed-service")}/api/v1/users/${ids[popularRegistered()]}/timeline?limit=20`,
      { headers: auth(viewer) },
    );
    return res.ok && Array.isArray(((await res.json()) as { items: unknown[] }).items);
  };
  let composedInMix = 0;
  const composePost = async () => {
    await compose(registeredRandom(), `mix post ${composedInMix++} #bench`);
    return true;
  };
  const helloUrl = `http://127.0.0.1:${hello.port}/`;
  const helloOp = { label: "hello", run: async () => (await (await fetch(helloUrl)).text()) === "hello" };

  // The services' read paths run for 3 s first, by the last tenth of the accounts only, so the
  // first visits below measure cold caches rather than the processes' JIT warming up.
  const warmers = Math.max(1, Math.floor(REGISTERED / 10));
  const firstVisitors = REGISTERED - warmers;
  const warmer = () => firstVisitors + Math.floor(random() * warmers);
  await closedLoop(3, CONCURRENCY, () =>
    random() < 0.5
      ? { label: "warm-up", run: () => homeTimeline(warmer()) }
      : { label: "warm-up", run: () => userTimeline(warmer()) },
  );
  // First visits: every other account opens its home timeline and then one profile's timeline,
  // once — each a cold path (its token not yet verified by any service, its per-viewer caches
  // empty, posts and profiles not yet held by feed). The mix after it is the steady state of these
  // active accounts.
  let visit = 0;
  const cpuCold = await cpuSnapshot();
  const firstVisits = await closedLoop(600, CONCURRENCY, () => {
    if (visit >= 2 * firstVisitors) return undefined;
    const v = visit++;
    const viewer = v >> 1;
    return v % 2 === 0
      ? { label: "home timeline", run: () => homeTimeline(viewer) }
      : { label: "user timeline", run: () => userTimeline(viewer) };
  });
  const cpuWarm = await cpuSnapshot();
  console.log(
    `\nfirst visits (after a 3 s warm-up by ${warmers} other accounts): each of ${firstVisitors} accounts reads its home timeline, then a user timeline`,
  );
  for (const [label, s] of firstVisits.byLabel)
    printFigures(`  ${label} (first visit)`, figures(s.lat, s.failed, firstVisits.elapsed));
  console.log(`CPU per first-visit op: ${cpuPerOp(cpuCold, cpuWarm, 2 * firstVisitors)}`);
  console.log(`\nclosed loop, ${CONCURRENCY} clients, ${SECONDS} s per phase`);
  const floor = await closedLoop(SECONDS, CONCURRENCY, () => helloOp);
  const helloFigures = figures(floor.byLabel.get("hello")?.lat ?? [], 0, floor.elapsed);
  printFigures('Bun.serve "hello"', helloFigures);
  const cpuBefore = await cpuSnapshot();
  const mix = await closedLoop(SECONDS, CONCURRENCY, () => {
    const x = random();
    if (x < 0.6) return { label: "home timeline (60%)", run: homeTimeline };
    if (x < 0.9) return { label: "user timeline (30%)", run: userTimeline };
    return { label: "compose post (10%)", run: composePost };
  });
  const all = [...mix.byLabel.values()];
  const mixed = figures(
    all.flatMap((s) => s.lat),
    all.reduce((n, s) => n + s.failed, 0),
    mix.elapsed,
  );
  printFigures("mixed", mixed);
  const cpuAfter = await cpuSnapshot();
  console.log(`CPU per mixed op: ${cpuPerOp(cpuBefore, cpuAfter, mixed.n)}`);
  for (const [label, s] of [...mix.byLabel].sort())
    printFigures(`  ${label}`, figures(s.lat, s.failed, mix.elapsed));
  console.log(
    `ratio to hello: throughput ×${(helloFigures.rps / mixed.rps).toFixed(1)} lower, p50 ×${(mixed.p50 / helloFigures.p50).toFixed(1)}, ` +
      `p99 ×${(mixed.p99 / helloFigures.p99).toFixed(1)}; targets: mixed ≥ 1,000 req/s, p99 ≤ 25 ms`,
  );
  const tDrain = performance.now();
  while ((await feedLag()) > 0) await Bun.sleep(100);
  console.log(
    `fan-out of the mix's ${composedInMix} posts caught up ${((performance.now() - tDrain) / 1000).toFixed(1)} s after the mix`,
  );

  // ---- freshness ----------------------------------------------------------------------------------
  const followersOf = (account: number) => {
    const out: number[] = [];
    for (let e = 0; e < graph.to.length; e++) if (graph.to[e] === account) out.push(graph.from[e] as number);
    return out;
  };
  const seesPost = async (reader: number, postId: string) => {
    const res = await fetch(`${url("feed-service")}/api/v1/feed/home?limit=5`, { headers: auth(reader) });
    const body = (await res.json()) as { items: { id: string }[] };
    return body.items.some((p) => p.id === postId);
  };
  // Time from sending the post to each follower's first home read that shows it. Every follower
  // with a token (registered) is polled, in rounds of 8 reads at a time — so the last of them is
  // read a round's length after the first; for a fan-out author every follower's timeline in Redis
  // (feed's own keys, read only to measure) is checked too, the whole audience including
  // follower-only accounts.
  const freshness = async (author: number, how: string, checkCache: boolean) => {
    const all = followersOf(author);
    const readers = all.filter((f) => f < REGISTERED);
    const sentAt = performance.now();
    const post = await compose(author, `fresh post by ${author} #bench`);
    const since = () => performance.now() - sentAt;
    const polled = (async () => {
      const seenAfter: number[] = [];
      let pending = [...readers];
      while (pending.length > 0 && since() < 30_000) {
        const still: number[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let k = next++; k < pending.length; k = next++) {
              const reader = pending[k] as number;
              if (await seesPost(reader, post.id)) seenAfter.push(since());
              else still.push(reader);
            }
          }),
        );
        pending = still;
      }
      return { seenAfter: seenAfter.sort((a, b) => a - b), never: pending.length };
    })();
    const cached = (async () => {
      if (!checkCache) return undefined;
      const member = `${ids[author]}:${post.id}`;
      for (;;) {
        // Bun's client pipelines concurrent commands on its one connection.
        const scores = await Promise.all(
          all.map((f) => redis.send("ZSCORE", [`feed:v1:home:${ids[f]}`, member])),
        );
        const missing = scores.filter((score) => score === null).length;
        if (missing === 0 || since() > 30_000) return { held: all.length - missing, at: since() };
        await Bun.sleep(20);
      }
    })();
    const [reads, cache] = await Promise.all([polled, cached]);
    console.log(
      `${how}: author with ${followers[author]} followers; ${reads.seenAfter.length}/${readers.length} followers with a token saw it, ` +
        `p50 ${ms(pct(reads.seenAfter, 50))}, last ${ms(reads.seenAfter.at(-1) ?? Number.NaN)} after sending` +
        (reads.never ? `, ${reads.never} never (30 s)` : ""),
    );
    if (cache)
      console.log(
        `${how}: ${cache.held}/${all.length} follower timelines held it ${ms(cache.at)} after sending (Redis, every 20 ms)`,
      );
  };
  console.log("");
  await freshness(0, "read-time merge (celebrity)", false);
  let fanOutAuthor = -1;
  for (let i = 0; i < REGISTERED; i++)
    if (
      (followers[i] as number) < THRESHOLD &&
      (fanOutAuthor < 0 || (followers[i] as number) > (followers[fanOutAuthor] as number))
    )
      fanOutAuthor = i;
  await freshness(fanOutAuthor, "fan-out on write", true);

  // ---- for-you -------------------------------------------------------------------------------------
  const sizes = await Promise.all(
    Array.from(
      { length: REGISTERED },
      (_, i) => redis.send("ZCARD", [`feed:v1:home:${ids[i]}`]) as Promise<number>,
    ),
  );
  const rich = sizes.flatMap((n, i) => (n >= 500 ? [i] : [])).slice(0, 50);
  if (rich.length === 0) console.log("\nfor-you: no viewer has ≥ 500 timeline entries; skipped");
  else {
    let k = 0;
    const forYou = async () => {
      const res = await fetch(`${url("feed-service")}/api/v1/feed/for-you?limit=20`, {
        headers: auth(rich[k++ % rich.length] as number),
      });
      const body = (await res.json()) as { ranked: boolean; items: unknown[] };
      return res.ok && body.ranked && body.items.length > 0;
    };
    // Warmed up like the mix: the first reads of each viewer fill per-instance caches and verify tokens.
    await closedLoop(3, 1, () => ({ label: "warm-up", run: forYou }));
    for (const c of [1, 4]) {
      const r = await closedLoop(Math.min(SECONDS, 10), c, () => ({ label: "for-you", run: forYou }));
      const s = r.byLabel.get("for-you") ?? { lat: [], failed: 0 };
      printFigures(`\nfor-you (≥500 candidates), c=${c}`, figures(s.lat, s.failed, r.elapsed));
    }
    console.log(`for-you viewers: ${rich.length} with ≥ 500 timeline entries; target p99 ≤ 100 ms`);
  }
} finally {
  await stopAll();
}
process.exit(0);
