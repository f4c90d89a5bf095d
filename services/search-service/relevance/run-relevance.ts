/**
 * The relevance suite: loads corpus.json into search-service through its event consumer (the same
 * path as production), runs every judged query as an anonymous `GET /api/v1/search/posts?sort=top`
 * and prints precision@10 and nDCG@10 per query and their means.
 *   bun run search:relevance            the embedded engine (PGlite)
 *   bun run search:relevance es         Elasticsearch (ELASTICSEARCH_URL, else .engines/env)
 */
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { readEngineEnv } from "@nova/infra";
import { PostCreatedSchema, PostSchema, Visibility } from "@nova/proto/content/v1";
import { PostCountersChangedSchema } from "@nova/proto/social/v1";
import { body, startSearchService } from "../test/support/search-harness.ts";
import corpus from "./corpus.json" with { type: "json" };

type Corpus = {
  accounts: { key: number; username: string; displayName: string }[];
  posts: { key: number; author: number; text: string; ageHours: number; likes: number }[];
  queries: { query: string; judgments: Record<string, number> }[];
};
const data = corpus as Corpus;
const engine = process.argv[2] === "es" ? "elasticsearch" : "embedded";
const env: Record<string, string> =
  engine === "elasticsearch"
    ? {
        ELASTICSEARCH_URL: readEngineEnv(["ELASTICSEARCH_URL"]).ELASTICSEARCH_URL,
        ELASTICSEARCH_INDEX_PREFIX: `search-relevance-${Date.now()}`,
        ELASTICSEARCH_TEXT_ANALYZER: process.env.ELASTICSEARCH_TEXT_ANALYZER ?? "standard",
      }
    : {};

/** Precision@k and nDCG@k (gain 2^grade − 1) of a ranked list against graded judgments. */
export function scoreRanking(ranked: readonly string[], judgments: ReadonlyMap<string, number>, k = 10) {
  const top = ranked.slice(0, k);
  const precision = top.filter((id) => (judgments.get(id) ?? 0) > 0).length / k;
  const dcg = top.reduce((sum, id, i) => sum + (2 ** (judgments.get(id) ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = [...judgments.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  return { precision, ndcg: idcg === 0 ? 0 : dcg / idcg };
}

const s = await startSearchService(env);
const t0 = performance.now();
const accountIds = new Map<number, string>();
for (const a of data.accounts) {
  const acc = await s.account(a.username, { displayName: a.displayName });
  accountIds.set(a.key, acc.id);
}
const postIds = new Map<number, string>();
const now = Date.now();
for (const p of data.posts) {
  const id = Bun.randomUUIDv7();
  postIds.set(p.key, id);
  const hashtags = [...new Set([...p.text.matchAll(/#(\w+)/g)].map((m) => (m[1] as string).toLowerCase()))];
  await s.deliver("content-service", PostCreatedSchema, id, {
    post: create(PostSchema, {
      id,
      authorId: accountIds.get(p.author) as string,
      text: p.text,
      hashtags,
      visibility: Visibility.PUBLIC,
      publishedAt: timestampFromDate(new Date(now - p.ageHours * 3_600_000)),
    }),
  });
  if (p.likes > 0) {
    s.peers.counts.set(id, { likes: p.likes, comments: 0, reposts: 0 });
    await s.deliver("social-service", PostCountersChangedSchema, id, { postId: id });
  }
}
if (engine === "elasticsearch") await Bun.sleep(1500); // refresh_interval 1 s
console.log(
  `loaded ${data.accounts.length} accounts, ${data.posts.length} posts on ${engine} in ${Math.round(performance.now() - t0)} ms`,
);

const keyOf = new Map([...postIds].map(([k, id]) => [id, String(k)]));
let sumP = 0;
let sumN = 0;
for (const q of data.queries) {
  const res = await body(
    await s.request(`/api/v1/search/posts?q=${encodeURIComponent(q.query)}&limit=10&sort=top`),
  );
  const ranked = (res.items as { id: string }[]).map((i) => keyOf.get(i.id) ?? "?");
  const { precision, ndcg } = scoreRanking(ranked, new Map(Object.entries(q.judgments)));
  sumP += precision;
  sumN += ndcg;
  console.log(`${q.query.padEnd(26)} P@10 ${precision.toFixed(2)}  nDCG@10 ${ndcg.toFixed(3)}`);
}
const n = data.queries.length;
console.log(
  `\n${engine}: ${n} queries  mean P@10 ${(sumP / n).toFixed(3)}  mean nDCG@10 ${(sumN / n).toFixed(3)}`,
);
await s.close();
