import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertQuote } from "../db/comment-queries.ts";
import { bumpPostCounters, lockPostCounters } from "../db/counter-queries.ts";
import { afterCountersChanged, announceCountersChanged } from "./announce-counters-changed.ts";

/** A post quoting another was published (content's PostCreated with quote_of): count it (announced: PostCountersChanged). Idempotent. */
export async function recordQuote(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { quotePostId: string; quotedPostId: string };
}): Promise<{ afterCommit: () => Promise<void> }> {
  const { ctx, tx, input } = args;
  const { deleted } = await lockPostCounters(tx, input.quotedPostId);
  if (!deleted && (await insertQuote(tx, input.quotePostId, input.quotedPostId))) {
    await bumpPostCounters(tx, input.quotedPostId, { quotes: 1 });
    await announceCountersChanged(ctx, tx, input.quotedPostId);
  }
  return { afterCommit: () => afterCountersChanged(ctx, [input.quotedPostId]) };
}
