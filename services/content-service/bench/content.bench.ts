/**
 * `bun run bench` (content): create-post and get-post latency (p50/p99) and throughput through the
 * real app (in-process requests), on the embedded PGlite and on the machine's PostgreSQL
 * (DATABASE_URL's server, else 127.0.0.1:5432). Peers (user, graph) are the in-memory routers of the
 * tests, so the figures are content-service's own cost. Prints figures; asserts nothing.
 *   bun run services/content-service/bench/content.bench.ts [pglite|postgres]
 */
import { everyWriteLimit } from "@nova/rate-limit";
import { type DatabaseKind, post, send, startContentService } from "../test/support/content-harness.ts";

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function run(
  label: string,
  total: number,
  concurrency: number,
  op: (i: number) => Promise<Response>,
  expected: number,
) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await op(i);
        latencies.push(performance.now() - t0);
        if (res.status !== expected) failures++;
        await res.body?.cancel();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(22)} ${total} requests, concurrency ${concurrency}: ${(total / seconds).toFixed(0)} req/s, ` +
      `p50 ${pct(latencies, 50).toFixed(2)} ms, p99 ${pct(latencies, 99).toFixed(2)} ms${failures ? `, ${failures} unexpected statuses` : ""}`,
  );
}

const kinds = (process.argv.slice(2).filter((a) => a === "pglite" || a === "postgres") as DatabaseKind[])
  .length
  ? (process.argv.slice(2) as DatabaseKind[])
  : (["pglite", "postgres"] as const);
const N = Number(process.env.BENCH_N ?? 2000);

for (const kind of kinds) {
  // PGlite is one connection with a bounded wait queue (10): more concurrency only measures 503s.
  const C = Number(process.env.BENCH_CONCURRENCY ?? (kind === "pglite" ? 8 : 16));
  console.log(`content-service on ${kind}, ${navigator.hardwareConcurrency} cores`);
  // Write limits are checked (and cost) but never refuse the bench's few accounts.
  const h = await startContentService(kind, { env: everyWriteLimit("1000000/1m") });
  try {
    const author = await h.user("bench_author");
    const reader = await h.user("bench_reader");
    h.world.follow(reader.id, author.id);
    await run(
      "create post",
      N,
      C,
      (i) =>
        h.request(
          "/api/v1/posts",
          send("POST", { text: `bench post ${i} #bench @bench_reader` }, author.token),
        ),
      201,
    );
    const ids: string[] = [];
    for (let i = 0; i < 100; i++)
      ids.push((await post(h, author, { text: `read ${i}`, visibility: "followers" })).id);
    await run("get post (anonymous)", N, C, (i) => h.request(`/api/v1/posts/${ids[i % ids.length]}`), 404);
    await run(
      "get post (follower)",
      N,
      C,
      (i) => h.request(`/api/v1/posts/${ids[i % ids.length]}`, { token: reader.token }),
      200,
    );
    await run(
      "user posts page (20)",
      N / 4,
      C,
      () => h.request(`/api/v1/users/${author.id}/posts`, { token: reader.token }),
      200,
    );
  } finally {
    await h.close();
  }
}
