import { rowsOf } from "@nova/db";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";

export interface TrendRow {
  tag: string;
  accounts: number;
  score: number;
}

/**
 * Hashtags rising now: per hashtag, each account counts once in the window (its latest use, decayed
 * by age with `halfLifeMs`), minus the hashtag's expected count from its baseline (distinct
 * accounts per window over the time before). Uses of deleted or moderated posts are gone from
 * `hashtag_uses`, so moderated hashtags do not trend; accounts under a limit, suspension or ban do
 * not count (trends are the same for everyone, so a limit's "followers still see it" has no place).
 */
export async function trendingRows(
  db: Executor,
  opts: {
    now: Date;
    windowMs: number;
    baselineMs: number;
    halfLifeMs: number;
    minAccounts: number;
    limit: number;
  },
): Promise<TrendRow[]> {
  const now = opts.now.toISOString();
  const windowStart = new Date(opts.now.getTime() - opts.windowMs).toISOString();
  const baselineStart = new Date(opts.now.getTime() - opts.windowMs - opts.baselineMs).toISOString();
  const windows = opts.baselineMs / opts.windowMs;
  return rowsOf<TrendRow>(
    await db.execute(sql`
      with recent as (
        select tag, account_id, max(used_at) as last_used from search_service.hashtag_uses
        where used_at > ${windowStart}::timestamptz and used_at <= ${now}::timestamptz
          and not exists (select 1 from search_service.enforcements e where e.subject_id = account_id
            and e.active and e.action in ('limit', 'suspend', 'ban'))
        group by tag, account_id
      ), now_scores as (
        select tag, count(*)::int as accounts,
          sum(power(0.5, extract(epoch from (${now}::timestamptz - last_used)) * 1000 / ${opts.halfLifeMs}))::float8 as decayed
        from recent group by tag having count(*) >= ${opts.minAccounts}
      ), baseline as (
        select u.tag, count(distinct u.account_id)::float8 / ${windows} as expected
        from search_service.hashtag_uses u join now_scores n on n.tag = u.tag
        where u.used_at > ${baselineStart}::timestamptz and u.used_at <= ${windowStart}::timestamptz
        group by u.tag
      )
      select n.tag, n.accounts, (n.decayed - coalesce(b.expected, 0)) / sqrt(1 + coalesce(b.expected, 0)) as score
      from now_scores n left join baseline b on b.tag = n.tag
      where n.decayed - coalesce(b.expected, 0) > 0
      order by score desc, n.tag limit ${opts.limit}`),
  );
}
