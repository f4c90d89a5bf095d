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
 *
 * Two stages, same answer: every prefix match scores at least 150 and every other match at most
 * 60 (similarity ≤ 1) + 20 (bio rank, capped at 1) = 80, so the ranked list is the prefix matches
 * followed by the rest. Stage 1 ranks the prefix matches only (the username btree and cheap LIKE
 * tests); when they fill the page it is the answer. Only otherwise (rare words, typos, pages past
 * the prefix matches) does stage 2 run the trigram tests over every account — on PGlite that is
 * ~5× the cost of stage 1 (EXPLAIN: the seq scan computes two trigram sets per account).
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
  const prefixMatch = sql`(a.username like ${prefix} or lower(a.display_name) like ${prefix} or lower(a.display_name) like ${wordPrefix})`;
  const anyMatch = sql`(${prefixMatch} or a.username % ${q} or lower(a.display_name) % ${q}
    or a.bio_tsv @@ plainto_tsquery('simple', ${q}))`;
  const ranked = (match: typeof prefixMatch) => sql`
      select a.id, a.username, a.display_name, a.avatar_media_id, a.private
      from search_service.accounts a
      where ${findable(audience)} and ${match}
      order by
        (case when a.username = ${q} then 1000 else 0 end)
        + (case when a.username like ${prefix} then 300 else 0 end)
        + (case when lower(a.display_name) = ${q} then 250 when lower(a.display_name) like ${prefix} then 200
                when lower(a.display_name) like ${wordPrefix} then 150 else 0 end)
        + 60 * greatest(similarity(a.username, ${q}), similarity(lower(a.display_name), ${q}))
        + 20 * least(ts_rank(a.bio_tsv, plainto_tsquery('simple', ${q})), 1) desc,
        length(a.username), a.id
      limit ${limit} offset ${offset}`;
  const prefixed = rowsOf<UserHit>(await db.execute(ranked(prefixMatch)));
  if (prefixed.length === limit) return prefixed;
  return rowsOf<UserHit>(await db.execute(ranked(anyMatch)));
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
