import { rowsOf, textArrayLiteral } from "@nova/db";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";

/** Least trigram similarity for a correction ("gardenning" → "gardening" is 0.75). */
const MIN_CORRECTION_SIMILARITY = 0.45;

/**
 * The query words with, for each word the lexicon has never seen, its nearest lexicon word (one
 * typo): what the tsvector index cannot do itself.
 */
export async function correctWords(db: Executor, words: readonly string[]): Promise<Map<string, string>> {
  if (words.length === 0) return new Map();
  const rows = rowsOf<{ w: string; fix: string | null }>(
    await db.execute(sql`
      select q.w, (select l.word from search_service.lexicon l
                   where l.word % q.w and similarity(l.word, q.w) >= ${MIN_CORRECTION_SIMILARITY}
                   order by l.word <-> q.w limit 1) as fix
      from unnest(${textArrayLiteral(words)}::text[]) as q(w)
      where not exists(select 1 from search_service.lexicon l where l.word = q.w)`),
  );
  return new Map(rows.filter((r) => r.fix).map((r) => [r.w, r.fix as string]));
}

/**
 * The tsquery of some words: any word may match (ts_rank_cd ranks documents matching more of them,
 * and closer together, first), each as its stem (english, or the `lang=` filter's language),
 * itself (simple), or its correction.
 * Requiring every word lost most relevant posts in the relevance suite (P@10 0.29 → see README).
 * Words are bound parameters, never tsquery syntax.
 */
export function tsqueryOf(
  words: readonly string[],
  fixes: ReadonlyMap<string, string>,
  language = "english",
): SQL {
  const stem = sql`${language}::regconfig`;
  const parts = words.map((w) => {
    const fix = fixes.get(w);
    const own = sql`(plainto_tsquery(${stem}, ${w}) || plainto_tsquery('simple', ${w}))`;
    return fix ? sql`(${own} || plainto_tsquery(${stem}, ${fix}) || plainto_tsquery('simple', ${fix}))` : own;
  });
  return sql.join(parts, sql` || `);
}
