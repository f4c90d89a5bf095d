/**
 * `bun run bench` (ranking): RankCandidates latency for 500 candidates — the domain verb alone and
 * the RPC through the real app (Connect binary as production clients send, in-process; PGlite; an in-memory feature source
 * answering instantly) — sequentially and at concurrency 8. Prints p50/p99; asserts nothing.
 */
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { rankCandidates } from "../src/domain/rank-candidates.ts";
import { candidate, NOW, startRankingService } from "../test/support/ranking-service-harness.ts";

const N = 500;
const h = await startRankingService({ RANKING_EXPLORATION_RATE: "0.1" });

// 500 candidates from 120 authors, ages 0–48 h, with engagement, follower counts and affinities.
const candidates = Array.from({ length: N }, (_, i) =>
  candidate(`post-${i}`, `author-${i % 120}`, (i * 7) % 48),
);
const post: Record<string, Record<string, number>> = {};
const author: Record<string, Record<string, number>> = {};
const userAuthor: Record<string, Record<string, number>> = {};
for (let i = 0; i < N; i++)
  post[`post-${i}`] = { engagement_24h: (i * 37) % 500, engagement_velocity: i % 9 };
for (let a = 0; a < 120; a++) {
  author[`author-${a}`] = { follower_count: (a * 997) % 80_000 };
  userAuthor[`viewer:author-${a}`] = { affinity: (a % 10) / 3, follows: a % 3 === 0 ? 1 : 0 };
}
h.features.set({ post, author, user_author: userAuthor });

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(
  label: string,
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
) {
  for (let i = 0; i < 50; i++) await op(i); // warm-up (JIT, connection setup)
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
    `${label.padEnd(46)} ${String(total).padStart(5)} calls  ${(total / seconds).toFixed(0).padStart(6)} /s  p50 ${pct(latencies, 50).toFixed(2).padStart(6)} ms  p99 ${pct(latencies, 99).toFixed(2).padStart(6)} ms`,
  );
}

const client = h.rpc({ binary: true });
const wire = candidates.map((c) => ({ ...c, createdAt: timestampFromDate(c.createdAt) }));
console.log(`RankCandidates, ${N} candidates (now = ${NOW.toISOString()})`);
await measure("domain verb, sequential", 1000, 1, (i) =>
  rankCandidates({
    ctx: h.ctx,
    caller: { service: "feed-service" },
    input: { viewerId: "viewer", candidates, seed: i },
  }),
);
for (const omitExplanations of [false, true]) {
  const what = omitExplanations ? "order only" : "with explanations";
  await measure(`RPC ${what}, sequential`, 1000, 1, (i) =>
    client.rankCandidates({ viewerId: "viewer", candidates: wire, seed: i, omitExplanations }),
  );
  await measure(`RPC ${what}, concurrency 8`, 2000, 8, (i) =>
    client.rankCandidates({ viewerId: "viewer", candidates: wire, seed: i, omitExplanations }),
  );
}
await h.close();
