import { rowsOf, uuidArrayLiteral } from "@nova/db";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";
import type { QueryAudience } from "./post-search-queries.ts";

export interface UserHit {
  id: string;
  username: string;
  display_name: string;
  avatar_media_id: string;
  private: boolean;
}

/** `LIKE` pattern text: the query with %, _ and \ escaped. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/**
 * Accounts the viewer may find: not suspended, not in a blocked pair with it, a limited account
 * only by its followers. Private accounts are findable (their posts are not).
 */
function findable(a: QueryAudience) {
  const following = uuidArrayLiteral(a.following);
  const hidden = uuidArrayLiteral(a.blocked);
  const viewer = a.viewerId ?? null;
  return sql`not a.suspended and not (a.id = any(${hidden}::uuid[]))
    and (not a.limited or a.id = ${viewer}::uuid or a.id = any(${following}::uuid[]))`;
}

/**
 * People search: exact username first, then username and display-name prefixes, then word
 * prefixes of the display name, then fuzzy (trigram) matches and bio words.
 */
export async function searchUserRows(
  db: Executor,
  q: string,
  audience: QueryAudience,
  limit: number,
  offset: number,
): Promise<UserHit[]> {
  const prefix = `${likeEscape(q)}%`;
  const wordPrefix = `% ${likeEscape(q)}%`;
  return rowsOf<UserHit>(
    await db.execute(sql`
      select a.id, a.username, a.display_name, a.avatar_media_id, a.private
      from search_service.accounts a
      where ${findable(audience)}
        and (a.username like ${prefix} or lower(a.display_name) like ${prefix} or lower(a.display_name) like ${wordPrefix}
          or a.username % ${q} or lower(a.display_name) % ${q}
          or a.bio_tsv @@ plainto_tsquery('simple', ${q}))
      order by
        (case when a.username = ${q} then 1000 else 0 end)
        + (case when a.username like ${prefix} then 300 else 0 end)
        + (case when lower(a.display_name) = ${q} then 250 when lower(a.display_name) like ${prefix} then 200
                when lower(a.display_name) like ${wordPrefix} then 150 else 0 end)
        + 60 * greatest(similarity(a.username, ${q}), similarity(lower(a.display_name), ${q}))
        + 20 * ts_rank(a.bio_tsv, plainto_tsquery('simple', ${q})) desc,
        length(a.username), a.id
      limit ${limit} offset ${offset}`),
  );
}

/** Typeahead over accounts: prefixes only (index-served), exact username first, shortest next. */
export async function suggestUserRows(db: Executor, q: string, audience: QueryAudience, limit: number) {
  const prefix = `${likeEscape(q)}%`;
  return rowsOf<UserHit>(
    await db.execute(sql`
      select a.id, a.username, a.display_name, a.avatar_media_id, a.private
      from search_service.accounts a
      where ${findable(audience)}
        and (a.username like ${prefix} or lower(a.display_name) like ${prefix}
          or lower(a.display_name) like ${`% ${likeEscape(q)}%`})
      order by (a.username = ${q}) desc, (a.username like ${prefix}) desc, length(a.username), a.username
      limit ${limit}`),
  );
}
