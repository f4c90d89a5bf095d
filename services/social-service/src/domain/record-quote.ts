import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertQuote } from "../db/comment-queries.ts";
import { bumpPostCounters, lockPostCounters } from "../db/counter-queries.ts";

/** A post quoting another was published (content's PostCreated with quote_of): count it. Idempotent. */
export async function recordQuote(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { quotePostId: string; quotedPostId: string };
}): Promise<{ afterCommit: () => Promise<void> }> {
  const { ctx, tx, input } = args;
  const { deleted } = await lockPostCounters(tx, input.quotedPostId);
  if (!deleted && (await insertQuote(tx, input.quotePostId, input.quotedPostId)))
    await bumpPostCounters(tx, input.quotedPostId, { quotes: 1 });
  return { afterCommit: () => ctx.counters.invalidate([input.quotedPostId]) };
}
