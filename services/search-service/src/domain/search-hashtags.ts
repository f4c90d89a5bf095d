import type { ServiceContext } from "../context.ts";
import { type HashtagHit, searchHashtagRows } from "../db/hashtag-queries.ts";
import { parseLimit, parseQuery } from "./search-input.ts";

/** Hashtags by prefix and by one typo, with their live uses. */
export async function searchHashtags(args: {
  ctx: ServiceContext;
  input: { q?: string | undefined; limit?: string | number | undefined };
}): Promise<{ items: HashtagHit[] }> {
  const q = parseQuery(args.input.q).replace(/^#/, "");
  const limit = parseLimit(args.input.limit, 20, 50);
  const rows = await searchHashtagRows(args.ctx.db.db, q, limit);
  return { items: rows.map((r) => ({ tag: r.tag, uses: Number(r.uses) })) };
}
