/**
 * `bun run search:reindex`: rebuilds search-service's indices from its projection with no downtime —
 * Elasticsearch (ELASTICSEARCH_URL set): new indices filled page by page, aliases swapped atomically,
 * old indices deleted; embedded (PostgreSQL/PGlite): lexicon and hashtag tables rebuilt beside the
 * live ones and swapped by renames in one transaction. Uses the service's own variables
 * (DATABASE_URL, ELASTICSEARCH_URL, …). On the embedded PGlite default, stop the service first (one
 * process owns the PGlite directory).
 */
import { loadServiceConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import { reindex } from "../src/domain/reindex.ts";

const config = loadServiceConfig(process.env);
const ctx = await createContext(config, { noBackgroundWork: true });
const t0 = performance.now();
try {
  const out = await reindex({ ctx });
  console.log(
    `search:reindex on ${out.engine}: ${JSON.stringify(out.counts)} in ${Math.round(performance.now() - t0)} ms`,
  );
} finally {
  await ctx.close();
}
