import { type Database, rowsOf, uuidArray } from "@nova/db";
import { sql } from "drizzle-orm";

/**
 * Which of the posts the account liked, reposted and (when asked) bookmarked: one round trip, one
 * statement with one array parameter (runs for every page a timeline hydrates).
 */
export async function findViewerStates(
  db: Database,
  accountId: string,
  postIds: readonly string[],
  withBookmarks: boolean,
): Promise<{ liked: Set<string>; reposted: Set<string>; bookmarked: Set<string> }> {
  const out = { liked: new Set<string>(), reposted: new Set<string>(), bookmarked: new Set<string>() };
  if (postIds.length === 0) return out;
  const ids = uuidArray([...new Set(postIds)]);
  const bookmarked = withBookmarks
    ? sql`union all select 'bookmarked', post_id from social_service.bookmarks
            where account_id = ${accountId}::uuid and post_id = any(${ids})`
    : sql``;
  const rows = rowsOf<{ kind: keyof typeof out; id: string }>(
    await db.execute(sql`
      select 'liked' as kind, subject_id as id from social_service.likes
        where account_id = ${accountId}::uuid and subject_kind = 'post' and subject_id = any(${ids})
      union all select 'reposted', post_id from social_service.reposts
        where account_id = ${accountId}::uuid and post_id = any(${ids})
      ${bookmarked}`),
  );
  for (const r of rows) out[r.kind]?.add(r.id);
  return out;
}
