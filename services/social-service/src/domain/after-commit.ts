import type { ServiceContext } from "../context.ts";

/**
 * What every committed engagement change does next: wake the relay, drop the posts' cached
 * counters and, for a change of a post's viewer state (like, repost, bookmark), the account's held
 * state of those posts.
 */
export async function afterEngagementCommit(
  ctx: ServiceContext,
  postIds: readonly string[],
  stateOf?: string,
): Promise<void> {
  ctx.relay.wake();
  await Promise.all([
    ctx.counters.invalidate(postIds),
    stateOf ? ctx.viewerStates.forget(stateOf, postIds) : undefined,
  ]);
}
