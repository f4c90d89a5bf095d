/**
 * `bun run bench` (social): like throughput and latency through the real app (in-process requests,
 * content/graph peers as in-memory Connect routers), and BatchGetEngagement for 100 posts (cold
 * counters cache, then warm) with p50/p99. Runs on PGlite + embedded cache and, when reachable, on
 * PostgreSQL + Redis (production mode). Prints figures; asserts nothing.
 *   bun run services/social-service/bench/social.bench.ts [pglite|postgres]
 */
import { everyWriteLimit } from "@nova/rate-limit";
import {
  type DatabaseKind,
  type SocialServiceHarness,
  startSocialService,
} from "../test/support/social-service-harness.ts";

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(label: string, total: number, concurrency: number, op: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(52)} ${String(total).padStart(5)} ops  ${(total / seconds).toFixed(0).padStart(6)} ops/s  p50 ${pct(latencies, 50).toFixed(2)} ms  p99 ${pct(latencies, 99).toFixed(2)} ms`,
  );
}

async function bench(kind: DatabaseKind, env: Record<string, string>) {
  // Write limits are checked (and cost) but never refuse the bench's few accounts.
  const h: SocialServiceHarness = await startSocialService(kind, {
    ...everyWriteLimit("1000000/1m"),
    ...env,
  });
  try {
    const users = await Promise.all(Array.from({ length: 200 }, () => h.user()));
    const author = users[0]?.id as string;
    const posts = Array.from({ length: 100 }, () => h.peers.addPost(author));
    const like = (i: number, method: "PUT" | "DELETE") => async () => {
      const u = users[i % users.length];
      const res = await h.request(
        `/api/v1/posts/${posts[Math.floor(i / users.length) % posts.length]}/like`,
        {
          method,
          token: u?.token,
        },
      );
      if (res.status !== 200) throw new Error(`like answered ${res.status}: ${await res.text()}`);
      await res.body?.cancel();
    };
    const label = (s: string) => `${kind}${env.REDIS_URL ? "+redis" : ""}: ${s}`;
    await measure(label("PUT like (distinct user×post, 16 concurrent)"), 2000, 16, (i) => like(i, "PUT")());
    await measure(label("PUT like on ONE hot post (16 concurrent)"), 500, 16, async (i) => {
      const res = await h.request(`/api/v1/posts/${posts[0]}/like`, {
        method: i % 2 ? "DELETE" : "PUT",
        token: users[i % 200]?.token,
      });
      await res.body?.cancel();
    });
    const rpc = h.rpc(users[1]?.token);
    await measure(label("BatchGetEngagement 100 posts, cold counters"), 200, 1, async () => {
      await h.ctx.counters.invalidate(posts);
      await rpc.batchGetEngagement({ postIds: posts });
    });
    await measure(label("BatchGetEngagement 100 posts, warm (1 stream)"), 500, 1, async () => {
      await rpc.batchGetEngagement({ postIds: posts });
    });
    await measure(label("BatchGetEngagement 100 posts, warm (8 concurrent)"), 1000, 8, async () => {
      await rpc.batchGetEngagement({ postIds: posts });
    });
  } finally {
    await h.close();
  }
}

const wanted = process.argv[2];
if (!wanted || wanted === "pglite") await bench("pglite", {});
if (!wanted || wanted === "postgres") {
  // Production mode: real PostgreSQL (throwaway database) and Redis db 15 when it answers.
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/15";
  await bench("postgres", { REDIS_URL: redisUrl });
}
