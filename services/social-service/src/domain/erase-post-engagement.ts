import { create } from "@bufbuild/protobuf";
import type { Database } from "@nova/db";
import { RepostDeletedSchema } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { deleteBookmarksOfPost } from "../db/bookmark-queries.ts";
import { deleteCommentsOfPost, deleteQuote, deleteQuotesOf } from "../db/comment-queries.ts";
import { bumpPostCounters, lockExistingPostCounters, tombstonePostCounters } from "../db/counter-queries.ts";
import { deleteLikesOfPost } from "../db/like-queries.ts";
import { deleteRepostsOfPost } from "../db/repost-queries.ts";
import { announceCountersChanged } from "./announce-counters-changed.ts";

/**
 * A post was deleted (content's PostDeleted): its likes (and its comments' likes), reposts,
 * bookmarks and counters go; the counters row stays as a tombstone so no late write revives them.
 * A deleted quote no longer counts on the post it quoted (announced: PostCountersChanged). Reposts that vanish are announced
 * (RepostDeleted) so timelines drop them. Idempotent.
 */
export async function erasePostEngagement(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { postId: string };
  traceparent?: string | undefined;
}): Promise<{ afterCommit: () => Promise<void> }> {
  const { ctx, tx, input } = args;
  const postId = input.postId;
  await tombstonePostCounters(tx, postId);
  await deleteLikesOfPost(tx, postId);
  const reposts = await deleteRepostsOfPost(tx, postId);
  await deleteBookmarksOfPost(tx, postId);
  await deleteCommentsOfPost(tx, postId);
  await deleteQuotesOf(tx, postId);
  for (const r of reposts) {
    await ctx.outbox.enqueue(tx, {
      aggregateId: postId,
      schema: RepostDeletedSchema,
      payload: create(RepostDeletedSchema, { repostId: r.id, accountId: r.accountId, postId }),
      traceparent: args.traceparent,
    });
  }
  const touched = [postId];
  const quoted = await deleteQuote(tx, postId);
  if (quoted && (await lockExistingPostCounters(tx, quoted))) {
    await bumpPostCounters(tx, quoted, { quotes: -1 });
    await announceCountersChanged(ctx, tx, quoted, args.traceparent);
    touched.push(quoted);
  }
  return {
    afterCommit: async () => {
      ctx.relay.wake();
      await ctx.counters.invalidate(touched);
    },
  };
}
