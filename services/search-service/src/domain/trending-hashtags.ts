import type { ServiceContext } from "../context.ts";
import { trendingRows } from "../db/trend-queries.ts";
import { parseLimit } from "./search-input.ts";

export interface TrendView {
  tag: string;
  /** Distinct accounts that used it in the window. */
  accounts: number;
  score: number;
}

/** Hashtags rising now against their baseline, each account counted once per hashtag per window. */
export async function trendingHashtags(args: {
  ctx: ServiceContext;
  input: { limit?: string | number | undefined };
}): Promise<{ items: TrendView[] }> {
  const { ctx } = args;
  const x = ctx.config.extra;
  const rows = await trendingRows(ctx.db.db, {
    now: ctx.clock(),
    windowMs: x.TRENDS_WINDOW,
    baselineMs: x.TRENDS_BASELINE,
    halfLifeMs: x.TRENDS_HALF_LIFE,
    minAccounts: x.TRENDS_MIN_ACCOUNTS,
    limit: parseLimit(args.input.limit, 10, 50),
  });
  return {
    items: rows.map((r) => ({
      tag: r.tag,
      accounts: Number(r.accounts),
      score: Math.round(Number(r.score) * 1000) / 1000,
    })),
  };
}
