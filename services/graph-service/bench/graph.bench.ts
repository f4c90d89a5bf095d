/**
 * `bun run bench` (graph): relationship checks for 100 ids (RPC and REST), followers pages, follow
 * + unfollow writes and suggestions, through the real app (in-process requests) on PostgreSQL
 * (DATABASE_URL, else the machine's 127.0.0.1:5432) with Redis for the cache (REDIS_URL, else the
 * machine's 127.0.0.1:6379/15) — production mode. Prints p50/p99 and throughput; asserts nothing.
 */
import { sql } from "drizzle-orm";
import { startGraphService, type TestUser } from "../test/support/graph-service-harness.ts";

const FOLLOWERS = 5_000;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/15";

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function run(label: string, total: number, concurrency: number, op: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        if (!(await op(i))) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} ${total} ops, concurrency ${concurrency}: ${(total / seconds).toFixed(0)} ops/s, ` +
      `p50 ${pct(latencies, 50).toFixed(2)} ms, p99 ${pct(latencies, 99).toFixed(2)} ms${failures ? `, ${failures} FAILED` : ""}`,
  );
}

const h = await startGraphService("postgres", { REDIS_URL });
try {
  const uuid = () => Bun.randomUUIDv7();
  const author = await h.seedUser();
  const viewer = await h.seedUser();
  // Seed in bulk with SQL: the bench measures reads, not 5,000 seeding requests.
  const fans = Array.from({ length: FOLLOWERS }, uuid);
  const base = Date.now() - FOLLOWERS * 1000;
  for (let i = 0; i < fans.length; i += 1000) {
    const rows = fans
      .slice(i, i + 1000)
      .map(
        (f, j) =>
          sql`(${f}::uuid, ${author.id}::uuid, ${new Date(base + (i + j) * 1000).toISOString()}::timestamptz)`,
      );
    await h.ctx.db.db.execute(
      sql`insert into graph_service.follows (follower_id, followee_id, created_at) values ${sql.join(rows, sql`, `)}`,
    );
  }
  // The viewer follows 50 of 100 targets, blocks 10 and mutes 10; friends of friends for suggestions.
  const targets = Array.from({ length: 100 }, uuid);
  const put = (path: string, who: TestUser) => h.request(path, { method: "PUT", token: who.token });
  for (const t of targets.slice(0, 50)) await put(`/api/v1/users/${t}/follow`, viewer);
  for (const t of targets.slice(50, 60)) await put(`/api/v1/users/${t}/block`, viewer);
  for (const t of targets.slice(60, 70)) await put(`/api/v1/users/${t}/mute`, viewer);
  await h.ctx.db.db.execute(sql`
    insert into graph_service.follows (follower_id, followee_id, created_at)
    select t.id, f.id, now() from unnest(${sql.raw(
      `array[${targets
        .slice(0, 50)
        .map((t) => `'${t}'::uuid`)
        .join(",")}]`,
    )}) as t(id)
    cross join lateral (select follower_id as id from graph_service.follows where followee_id = ${author.id}::uuid order by random() limit 20) f
    on conflict do nothing`);

  console.log(
    `graph-service on PostgreSQL + Redis; ${FOLLOWERS} followers of one author, ${navigator.hardwareConcurrency} cores`,
  );
  const rpc = h.rpc();
  // Warm-up (JIT, connection pool, prepared plans), not measured.
  for (let i = 0; i < 200; i++)
    await rpc.batchCheckRelationships({ viewerId: viewer.id, targetIds: targets });
  // Concurrency 1 shows the unloaded latency; 16 shows throughput (and queueing on 2 cores).
  await run("BatchCheckRelationships (100 ids)", 500, 1, async () => {
    const res = await rpc.batchCheckRelationships({ viewerId: viewer.id, targetIds: targets });
    return res.relationships.length === 100;
  });
  await run("BatchCheckRelationships (100 ids)", 2000, 16, async () => {
    const res = await rpc.batchCheckRelationships({ viewerId: viewer.id, targetIds: targets });
    return res.relationships.length === 100;
  });
  const idsParam = targets.join(",");
  await run("GET /relationships?ids= (100 ids)", 2000, 16, async () => {
    const res = await h.request(`/api/v1/relationships?ids=${idsParam}`, { token: viewer.token });
    await res.arrayBuffer();
    return res.status === 200;
  });
  // Cursors spread over the whole list, so pages are read at every depth.
  const cursors: string[] = [""];
  for (let cursor = ""; ; ) {
    const page = await rpc.listFollowers({ authorId: author.id, pageSize: 50, cursor });
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
    cursors.push(cursor);
  }
  const followersPage = async (i: number) => {
    const c = cursors[i % cursors.length] as string;
    const res = await h.request(`/api/v1/users/${author.id}/followers?limit=50${c ? `&cursor=${c}` : ""}`, {
      token: viewer.token,
    });
    await res.arrayBuffer();
    return res.status === 200;
  };
  await run("GET /users/{id}/followers (50/page)", 500, 1, followersPage);
  await run("GET /users/{id}/followers (50/page)", 2000, 16, followersPage);
  await run("ListFollowers RPC (1000/page, fan-out)", 500, 8, async (i) => {
    const res = await rpc.listFollowers({
      authorId: author.id,
      pageSize: 1000,
      cursor: cursors[(i * 20) % cursors.length] ?? "",
    });
    return res.followerIds.length > 0;
  });
  const writers = await Promise.all(Array.from({ length: 16 }, () => h.seedUser()));
  await run("PUT + DELETE /users/{id}/follow", 1000, 16, async (i) => {
    const who = writers[i % writers.length] as TestUser;
    const a = await h.request(`/api/v1/users/${author.id}/follow`, { method: "PUT", token: who.token });
    const b = await h.request(`/api/v1/users/${author.id}/follow`, { method: "DELETE", token: who.token });
    await a.arrayBuffer();
    await b.arrayBuffer();
    return a.status === 200 && b.status === 200;
  });
  await run("GET /users/me/suggestions", 300, 8, async () => {
    const res = await h.request("/api/v1/users/me/suggestions?limit=20", { token: viewer.token });
    await res.arrayBuffer();
    return res.status === 200;
  });
} finally {
  await h.close();
}
