/**
 * `bun run bench search`: search-service on ≥100,000 posts — indexing throughput (events/s through
 * the real consumer: PostCreated → projection → engine), then query p50/p99 for people search,
 * post search and suggest at c=1 and c=16 over real HTTP (Bun.serve in front of the app), each
 * quoted first as a ratio to a Bun.serve "hello" measured in the same run. The first 1,000 posts
 * go through the consumer (that is the throughput figure); the rest are put in the fake owners
 * (content, user, social) and `search:reindex`'s path rebuilds the index from them (the reindex
 * figure), so the query figures run on 100,000+ posts without an hour of loading. Prints figures;
 * asserts nothing.
 *   bun run services/search-service/bench/search.bench.ts [embedded|es|both]   (default: both;
 *   es needs ELASTICSEARCH_URL or scripts/infra's .engines/env)
 */
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { readEngineEnv } from "@nova/infra";
import { PostCreatedSchema, PostSchema, Visibility } from "@nova/proto/content/v1";
import { everyWriteLimit } from "@nova/rate-limit";
import { reindex } from "../src/domain/reindex.ts";
import { startSearchService } from "../test/support/search-harness.ts";

const TOTAL_POSTS = 100_000;
const EVENT_POSTS = 1_000;
const ACCOUNTS = 5_000;
const WORDS =
  "sourdough starter loaf crust flour marathon running miles pace tomato seedlings greenhouse compost guitar amplifier riffs espresso grinder latte hiking trail summit chess gambit endgame rust cargo compiler warbler heron vegan lentils tofu telescope nebula jupiter knitting yarn wool piano chords swing battery charging range aperture bokeh shutter basketball dunk playoffs climate carbon hops malt yeast kitten shelter watches dial bezel kayaking paddle tide dice meeple pottery clay kiln neural gradient honey hive climbing boulder sushi nigiri podcast audio skiing powder sewing fabric".split(
    " ",
  );

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const word = () => WORDS[Math.floor(rand() * WORDS.length)] as string;
const sentence = (n: number) => Array.from({ length: n }, word).join(" ");

// Post text: one topic word (WORDS, ~1.2 % of posts each) among eleven words of a 5,000-word
// vocabulary drawn by Zipf's law (s = 1), as words occur in real text. The first bench drew every
// word from the 83 topics, so any query word matched ~13 % of the posts.
const SYLLABLES = "ka lo mi ne su ra ti po ve da gu ri so ba fe zu mo ha ji ce".split(" ");
const VOCABULARY = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)))
  .map((w) => [rand(), w] as const)
  .sort((x, y) => x[0] - y[0])
  .slice(0, 5_000)
  .map(([, w]) => w);
const ZIPF_CUMULATIVE = (() => {
  let total = 0;
  return VOCABULARY.map((_, r) => {
    total += 1 / (r + 1);
    return total;
  }).map((c, _, all) => c / (all.at(-1) as number));
})();
const zipfWord = () => {
  const x = rand();
  let lo = 0;
  let hi = ZIPF_CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ZIPF_CUMULATIVE[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo] as string;
};
const postText = () => {
  const words = Array.from({ length: 11 }, zipfWord);
  words.splice(Math.floor(rand() * 11), 0, word());
  return `${words.join(" ")} #${word()}`;
};
/** One of the ten most common words of the vocabulary (each in ~10–45 % of the posts): the worst case. */
const commonWord = () => VOCABULARY[Math.floor(rand() * 10)] as string;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Figures {
  opsPerSec: number;
  p50: number;
  p99: number;
}

async function measure(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
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
  latencies.sort((a, b) => a - b);
  return {
    opsPerSec: total / ((performance.now() - started) / 1000),
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
  };
}

const get = (url: string, token?: string) => async () => {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
};

const hello = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("hello") });
const helloUrl = `http://127.0.0.1:${hello.port}/`;
const helloFig = {
  1: await measure(2000, 1, get(helloUrl)),
  16: await measure(8000, 16, get(helloUrl)),
} as const;
console.log(
  `Bun.serve hello: c=1 p50 ${helloFig[1].p50.toFixed(3)} ms p99 ${helloFig[1].p99.toFixed(3)} ms ${helloFig[1].opsPerSec.toFixed(0)}/s; c=16 p50 ${helloFig[16].p50.toFixed(3)} ms p99 ${helloFig[16].p99.toFixed(3)} ms ${helloFig[16].opsPerSec.toFixed(0)}/s`,
);

async function bench(engine: "embedded" | "es", env: Record<string, string>) {
  // Search limits are checked (and cost) but never refuse the bench's one viewer.
  const hold = process.env.SUGGEST_CACHE_TTL;
  // SEARCH_BENCH_DATABASE=postgres: the projection on the machine's PostgreSQL (a fresh test
  // database) instead of PGlite, whose single WASM thread serialises every query at c=16.
  const database = process.env.SEARCH_BENCH_DATABASE === "postgres" ? "postgres" : "pglite";
  const s = await startSearchService(
    { ...everyWriteLimit("1000000/1m"), ...(hold ? { SUGGEST_CACHE_TTL: hold } : {}), ...env },
    { database },
  );
  const tag = database === "postgres" ? `${engine} on PostgreSQL` : engine;
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => s.fetch(req) });
  const base = `http://127.0.0.1:${server.port}`;
  try {
    // Indexing: accounts then posts through the consumer.
    const authors: string[] = [];
    for (let i = 0; i < 200; i++)
      authors.push((await s.account(`bench_${word()}_${i}`, { displayName: `${word()} ${word()}` })).id);
    const t0 = performance.now();
    for (let i = 0; i < EVENT_POSTS; i++) {
      const id = Bun.randomUUIDv7();
      await s.deliver("content-service", PostCreatedSchema, id, {
        post: create(PostSchema, {
          id,
          authorId: authors[i % authors.length] as string,
          text: postText(),
          visibility: Visibility.PUBLIC,
          publishedAt: timestampFromDate(new Date(Date.now() - Math.floor(rand() * 30 * 86_400_000))),
        }),
      });
    }
    const eventsPerSec = EVENT_POSTS / ((performance.now() - t0) / 1000);
    console.log(
      `\n[${tag}] indexing through the consumer: ${EVENT_POSTS} PostCreated in ${((performance.now() - t0) / 1000).toFixed(1)} s = ${eventsPerSec.toFixed(0)} events/s`,
    );

    // The owners then hold TOTAL_POSTS posts and ACCOUNTS more accounts (the fake user/content/social
    // peers), and `search:reindex`'s path rebuilds the index from them: the reindex figure.
    const t1 = performance.now();
    for (let i = 0; i < ACCOUNTS; i++) {
      const id = Bun.randomUUIDv7();
      s.peers.profiles.set(id, {
        id,
        username: `${word()}${word()}_${i}`,
        displayName: `${word()} ${word()}`,
        bio: sentence(8),
      });
    }
    for (let i = EVENT_POSTS; i < TOTAL_POSTS; i++) {
      const id = Bun.randomUUIDv7();
      const text = postText();
      s.peers.posts.set(id, {
        post: create(PostSchema, {
          id,
          authorId: authors[Math.floor(rand() * authors.length)] as string,
          text,
          hashtags: [text.slice(text.lastIndexOf("#") + 1)],
          visibility: Visibility.PUBLIC,
          publishedAt: timestampFromDate(new Date(Date.now() - Math.floor(rand() * 30 * 86_400_000))),
        }),
        hidden: false,
      });
      s.peers.counts.set(id, { likes: Math.floor(rand() ** 3 * 300), comments: 0, reposts: 0 });
    }
    const rebuilt = await reindex({ ctx: s.ctx });
    const reindexSeconds = (performance.now() - t1) / 1000;
    console.log(
      `[${tag}] search:reindex from the owners: ${TOTAL_POSTS} posts, ${ACCOUNTS + 201} accounts in ${reindexSeconds.toFixed(1)} s = ${(TOTAL_POSTS / reindexSeconds).toFixed(0)} posts/s ${JSON.stringify(rebuilt.counts)}`,
    );
    if (engine === "es") await Bun.sleep(1500);

    const viewer = await s.account("bench_viewer");
    for (let i = 0; i < 50; i++) s.peers.follows.add(`${viewer.id}:${authors[i]}`);
    const cases: [string, (i: number) => string, string | undefined][] = [
      ["users", () => `/api/v1/search/users?q=${word()}`, undefined],
      ["posts top", () => `/api/v1/search/posts?q=${word()}%20${word()}`, undefined],
      [
        "posts top, two of the 10 most common words",
        () => `/api/v1/search/posts?q=${commonWord()}%20${commonWord()}`,
        undefined,
      ],
      [
        "posts latest (signed in, 50 follows)",
        () => `/api/v1/search/posts?q=${word()}&sort=latest`,
        viewer.token,
      ],
      ["suggest", () => `/api/v1/search/suggest?q=${word().slice(0, 3)}`, undefined],
    ];
    // SEARCH_BENCH_CASES=suggest,posts latest … runs only the cases whose name starts with one of them.
    const only = process.env.SEARCH_BENCH_CASES?.split(",").map((c) => c.trim());
    for (const [name, path, token] of cases) {
      if (only && !only.some((o) => name.startsWith(o))) continue;
      for (const c of [1, 16] as const) {
        const f = await measure(c === 1 ? 100 : 400, c, (i) => get(`${base}${path(i)}`, token)());
        const h = helloFig[c];
        console.log(
          `[${tag}] ${`${name} c=${c}`.padEnd(44)} ${(f.p50 / h.p50).toFixed(1).padStart(6)}× hello p50, ${(f.p99 / h.p99).toFixed(1).padStart(6)}× hello p99 | p50 ${f.p50.toFixed(2)} ms p99 ${f.p99.toFixed(2)} ms ${f.opsPerSec.toFixed(0)}/s`,
        );
      }
    }
  } finally {
    server.stop(true);
    await s.close();
  }
}

const which = process.argv[2] ?? "both";
if (which === "embedded" || which === "both") await bench("embedded", {});
if (which === "es" || which === "both") {
  let url: string | undefined;
  try {
    url = readEngineEnv(["ELASTICSEARCH_URL"]).ELASTICSEARCH_URL;
  } catch (err) {
    console.log(`\n[es] not run: ${(err as Error).message} (start it with bun run scripts/infra/up.ts es)`);
  }
  if (url)
    await bench("es", {
      ELASTICSEARCH_URL: url,
      ELASTICSEARCH_INDEX_PREFIX: `search-bench-${Date.now()}`,
      ELASTICSEARCH_TEXT_ANALYZER: process.env.ELASTICSEARCH_TEXT_ANALYZER ?? "standard",
    });
}
hello.stop(true);
