/**
 * `bun run search:reindex`: rebuilds search-service's index from the owners with no downtime. The
 * projection is built anew into `*_next` tables from user-service (ListProfilesForReindex),
 * content-service (ListPostsForReindex, ListCommentsForReindex) and social-service
 * (BatchGetEngagement), with search-service's own service credential, while the live tables keep
 * answering and receiving events; rows events change meanwhile are captured (trigger) and patched in,
 * then the tables are swapped by renames in one transaction. With ELASTICSEARCH_URL, new indices are
 * then filled from the new projection and the aliases swapped atomically (rows changed during that
 * copy are synced again). Uses the service's own variables (DATABASE_URL, USER_SERVICE_URL,
 * CONTENT_SERVICE_URL, SOCIAL_SERVICE_URL, ELASTICSEARCH_URL, …) and its service key. On the embedded
 * PGlite default, stop the service first (one process owns the PGlite directory); on PostgreSQL the
 * running service keeps serving throughout.
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
