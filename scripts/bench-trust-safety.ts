/**
 * `bun run bench trust-safety`: what the write path pays for trust & safety's checks.
 *  1. a plain Bun.serve "hello" over HTTP (the floor, same run), then
 *  2. the rules in process (ctx.rules.check) on 500-character posts with links, mentions and
 *     hashtags, from 1,000 accounts (velocity and SimHash memory warm: 20k texts in the window),
 *     with the spam memory on the embedded cache (one zlogAppend per Check) — and, when REDIS_URL
 *     is set, the same on that Redis (one script round trip per Check; keys under a per-run
 *     prefix, deleted at the end),
 *  3. the Check RPC through trust-safety's real app (Connect, service credential, RPC gate; in
 *     process, no socket), and
 *  4. content-service's POST /api/v1/posts with every post publishing (ALLOW_ALL) vs with the
 *     trust-safety hook calling that Check — the added cost to post creation.
 * PGlite for both services (the allow path writes nothing in trust-safety). Prints figures; asserts nothing.
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import { createRedisCacheStore } from "@nova/cache";
import type { CheckRequestSchema } from "@nova/proto/trust_safety/v1";
import { everyWriteLimit } from "@nova/rate-limit";
import { ALLOW_ALL, type ModerationHook } from "../services/content-service/src/domain/moderation-hook.ts";
import { createTrustSafetyModeration } from "../services/content-service/src/peers/trust-safety-moderation.ts";
import { startContentService } from "../services/content-service/test/support/content-harness.ts";
import { loadServiceConfig } from "../services/trust-safety-service/src/config.ts";
import {
  createRuleEngine,
  type RuleEngine,
} from "../services/trust-safety-service/src/domain/rules/rule-engine.ts";
import { startTrustSafety, TEST_ENV } from "../services/trust-safety-service/test/support/ts-harness.ts";

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

async function measure(
  label: string,
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown> | unknown,
): Promise<Figures> {
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
  const f = { rps: total / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
  console.log(
    `${label.padEnd(58)} ${String(total).padStart(6)} ops ${f.rps.toFixed(0).padStart(8)} ops/s  p50 ${f.p50.toFixed(3)} ms  p99 ${f.p99.toFixed(3)} ms`,
  );
  return f;
}

const LETTERS = "etaoinshrdlucmfwypvbgkjqxz";
/** A ~500-character post with two links, three mentions and two hashtags; `i` picks its words. */
function post(i: number): string {
  const words: string[] = [];
  let x = (i * 2654435761) >>> 0;
  const rand = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x >>> 8;
  };
  while (words.join(" ").length < 400) {
    const len = 2 + (rand() % 7);
    let w = "";
    for (let k = 0; k < len; k++) w += LETTERS[Math.min(rand() % 40, 25)];
    words.push(w);
  }
  return `${words.join(" ")} see https://news.example.org/a/${i} and www.blog${i % 50}.example.com/post @alice @bob_${i % 7} @carol #nova #t${i % 13}`.slice(
    0,
    500,
  );
}

const accounts = Array.from({ length: 1000 }, () => crypto.randomUUID());
// Velocity is its own rule (tested); the bench measures the allow path, so bench accounts may post freely.
const ts = await startTrustSafety({ ...everyWriteLimit("1000000/1m"), TS_VELOCITY_PER_MINUTE: "1000000" });
const hello = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello") });
try {
  console.log(
    `trust-safety Check, 500-char posts (2 links, 3 mentions, 2 hashtags), ${navigator.hardwareConcurrency} cores`,
  );
  const helloUrl = `http://127.0.0.1:${hello.port}/`;
  await measure("warm-up hello", 500, 1, async () => (await fetch(helloUrl)).text());
  const floor = await measure('Bun.serve "hello" (HTTP, sequential)', 3000, 1, async () =>
    (await fetch(helloUrl)).text(),
  );

  const texts = Array.from({ length: 2000 }, (_, i) => post(i));
  // Memory as in a busy minute: velocity windows and SimHash bands hold 20k texts.
  for (let i = 0; i < 20_000; i++)
    await ts.ctx.rules.check(
      {
        accountId: accounts[i % 1000] as string,
        subjectType: "post",
        subjectId: String(i),
        text: post(100_000 + i),
      },
      new Date(),
    );
  const rulesOn = async (label: string, rules: RuleEngine) => {
    const varied = await measure(`rules ${label}, varied posts`, 20_000, 1, (i) =>
      rules.check(
        {
          accountId: accounts[i % 1000] as string,
          subjectType: "post",
          subjectId: String(i),
          text: texts[i % texts.length] as string,
        },
        new Date(),
      ),
    );
    // A spam wave: 5,000 copies of one post from 1,000 accounts (held from the 4th on; not stored here).
    const wave = post(999_999);
    await measure(`rules ${label}, a spam wave of one text`, 5000, 1, (i) =>
      rules.check(
        { accountId: accounts[i % 1000] as string, subjectType: "post", subjectId: String(i), text: wave },
        new Date(),
      ),
    );
    return varied;
  };
  const inProcess = await rulesOn("in process (ctx.rules.check, embedded cache)", ts.ctx.rules);
  let onRedis: Figures | undefined;
  if (process.env.REDIS_URL) {
    const store = await createRedisCacheStore({
      url: process.env.REDIS_URL,
      size: 4,
      connectionName: "bench-ts",
    });
    const prefix = `bench-${crypto.randomUUID().slice(0, 8)}:`;
    const extra = loadServiceConfig({ ...TEST_ENV, TS_VELOCITY_PER_MINUTE: "1000000" }).extra;
    const rules = createRuleEngine(extra, store, { keyPrefix: prefix });
    try {
      for (let i = 0; i < 20_000; i++)
        await rules.check(
          {
            accountId: accounts[i % 1000] as string,
            subjectType: "post",
            subjectId: String(i),
            text: post(100_000 + i),
          },
          new Date(),
        );
      onRedis = await rulesOn("with the spam memory on Redis", rules);
    } finally {
      await store.deleteByPrefix(`nova:trust-safety:v1:${prefix}`);
      await store.close();
    }
  }
  const rpc = ts.tsRpc("content-service");
  const req = (i: number): MessageInitShape<typeof CheckRequestSchema> => ({
    accountId: accounts[i % 1000] as string,
    subjectType: "post",
    subjectId: crypto.randomUUID(),
    // A text not seen before: the allow path (repeats would be near-duplicates, held and stored).
    text: post(300_000 + i),
  });
  await measure("warm-up Check RPC", 500, 1, (i) => rpc.check(req(i)));
  const viaRpc = await measure("Check RPC through the app (Connect, in process)", 5000, 1, (i) =>
    rpc.check(req(i)),
  );

  // Post creation with and without the hook.
  let hook: ModerationHook = ALLOW_ALL;
  const content = await startContentService("pglite", {
    env: everyWriteLimit("1000000/1m"),
    overrides: { moderation: { review: (c) => hook.review(c) } },
  });
  try {
    const authors = await Promise.all(
      Array.from({ length: 50 }, (_, i) => content.user(`bench_author_${i}`)),
    );
    let seq = 400_000; // every post a new text
    const create = (i: number) => async () => {
      const a = authors[i % authors.length];
      const res = await content.request("/api/v1/posts", {
        method: "POST",
        token: a?.token,
        body: JSON.stringify({ text: post(seq++) }),
      });
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
      await res.body?.cancel();
    };
    await measure("warm-up create post", 300, 1, (i) => create(i)());
    const bare = await measure("content POST /api/v1/posts, ALLOW_ALL", 2000, 1, (i) => create(i)());
    hook = createTrustSafetyModeration(content.ctx, rpc);
    await measure("warm-up create post + Check", 300, 1, (i) => create(i)());
    const checked = await measure("content POST /api/v1/posts + trust-safety Check", 2000, 1, (i) =>
      create(i)(),
    );
    console.log("\nratios to hello first:");
    console.log(
      `  rules in process:   p50 ×${(inProcess.p50 / floor.p50).toFixed(3)}  p99 ×${(inProcess.p99 / floor.p99).toFixed(3)} of a hello round trip`,
    );
    if (onRedis)
      console.log(
        `  rules, Redis memory: p50 ×${(onRedis.p50 / floor.p50).toFixed(3)}  p99 ×${(onRedis.p99 / floor.p99).toFixed(3)}`,
      );
    console.log(
      `  Check RPC:          p50 ×${(viaRpc.p50 / floor.p50).toFixed(2)}  p99 ×${(viaRpc.p99 / floor.p99).toFixed(2)}`,
    );
    console.log(
      `  create post:        p50 ×${(bare.p50 / floor.p50).toFixed(1)} → ×${(checked.p50 / floor.p50).toFixed(1)} with Check`,
    );
    console.log(
      `added cost to post creation: p50 +${(checked.p50 - bare.p50).toFixed(3)} ms, p99 +${(checked.p99 - bare.p99).toFixed(3)} ms; Check in process p99 ${inProcess.p99.toFixed(3)} ms (target ≤ 5 ms)`,
    );
  } finally {
    await content.close();
  }
} finally {
  hello.stop(true);
  await ts.close();
}
