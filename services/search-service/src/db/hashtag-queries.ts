import { rowsOf } from "@nova/db";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";
import { likeEscape } from "./user-search-queries.ts";

export interface HashtagHit {
  tag: string;
  uses: number;
}

/** Hashtags by prefix (most used first), then by one-typo similarity. */
export async function searchHashtagRows(db: Executor, q: string, limit: number): Promise<HashtagHit[]> {
  return rowsOf<HashtagHit>(
    await db.execute(sql`
      select h.tag, h.uses from search_service.hashtags h
      where h.uses > 0 and (h.tag like ${`${likeEscape(q)}%`} or h.tag % ${q})
      order by (h.tag = ${q}) desc, (h.tag like ${`${likeEscape(q)}%`}) desc, h.uses desc, h.tag
      limit ${limit}`),
  );
}

/** Typeahead over hashtags: prefix only, most used first. */
export async function suggestHashtagRows(db: Executor, q: string, limit: number): Promise<HashtagHit[]> {
  return rowsOf<HashtagHit>(
    await db.execute(sql`
      select h.tag, h.uses from search_service.hashtags h
      where h.uses > 0 and h.tag like ${`${likeEscape(q)}%`}
      order by h.uses desc, h.tag limit ${limit}`),
  );
}
