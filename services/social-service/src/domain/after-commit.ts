import type { ServiceContext } from "../context.ts";

/** What every committed engagement change does next: drop the posts' cached counters, wake the relay. */
export async function afterEngagementCommit(ctx: ServiceContext, postIds: readonly string[]): Promise<void> {
  ctx.relay.wake();
  await ctx.counters.invalidate(postIds);
}
