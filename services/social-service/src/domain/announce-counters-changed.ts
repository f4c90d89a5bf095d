import { create } from "@bufbuild/protobuf";
import type { Database } from "@nova/db";
import { PostCountersChangedSchema } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";

/**
 * Announces (in the transaction that moved them) that a post's counters changed for a fact social
 * does not otherwise announce: a comment or quote counted or uncounted while consuming content's
 * events. Copies of the counters (feed's) are dropped on it, after the change is visible here.
 */
export async function announceCountersChanged(
  ctx: ServiceContext,
  tx: Database,
  postId: string,
  traceparent?: string | undefined,
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: postId,
    schema: PostCountersChangedSchema,
    payload: create(PostCountersChangedSchema, { postId }),
    traceparent,
  });
}

/** After such a commit: the announcement goes out now, and this service's cached counters are dropped. */
export async function afterCountersChanged(ctx: ServiceContext, postIds: readonly string[]): Promise<void> {
  ctx.relay.wake();
  await ctx.counters.invalidate([...postIds]);
}
