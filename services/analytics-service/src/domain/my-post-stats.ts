import { type AuthContext, requireAuth } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { zonedRange } from "./zoned-range.ts";

export interface PostCounts {
  impressions: number;
  opens: number;
  likes: number;
  comments: number;
  reposts: number;
}

const FIELD: Record<string, keyof PostCounts> = {
  post_impression: "impressions",
  post_open: "opens",
  like: "likes",
  comment: "comments",
  repost: "reposts",
};

const zero = (): PostCounts => ({ impressions: 0, opens: 0, likes: 0, comments: 0, reposts: 0 });

/**
 * The signed-in creator's posts: impressions, opens, likes, comments, reposts per post and per day,
 * from the per-subject rollup. Own data only: the author is the token's account, never a parameter.
 */
export async function myPostStats(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  input: { from?: string; to?: string; tz?: string };
}): Promise<{
  timeZone: string;
  from: string;
  to: string;
  posts: { postId: string; totals: PostCounts; days: ({ day: string } & PostCounts)[] }[];
}> {
  const me = requireAuth(args.caller);
  const { ctx } = args;
  const range = zonedRange(args.input, ctx.clock());
  const postIds = await ctx.store.postsOf(me.accountId);
  const rows = await ctx.store.subjectsByDay(range, postIds, Object.keys(FIELD));
  const posts = new Map<
    string,
    { postId: string; totals: PostCounts; days: Map<string, { day: string } & PostCounts> }
  >();
  for (const r of rows) {
    const field = FIELD[r.name];
    if (!field) continue;
    const p = posts.get(r.subjectId) ?? { postId: r.subjectId, totals: zero(), days: new Map() };
    const d = p.days.get(r.day) ?? { day: r.day, ...zero() };
    d[field] += r.count;
    p.totals[field] += r.count;
    p.days.set(r.day, d);
    posts.set(r.subjectId, p);
  }
  return {
    timeZone: range.timeZone,
    from: range.fromDate,
    to: range.toDate,
    posts: [...posts.values()].map((p) => ({
      postId: p.postId,
      totals: p.totals,
      days: [...p.days.values()],
    })),
  };
}
