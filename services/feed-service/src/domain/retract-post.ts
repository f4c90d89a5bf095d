import type { ServiceContext } from "../context.ts";

/**
 * A deleted or hidden post leaves the timelines it was fanned out to: its author's and its current
 * followers'. There is no reverse index (post → timelines): the followers are the same set the
 * post was pushed to, less those who unfollowed since (whose timelines already dropped the author).
 * Reads filter through content-service anyway (its answers held by feed are dropped on the same event), so a timeline this misses never shows the post.
 */
export async function retractPost({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { postId: string; authorId: string };
}) {
  await Promise.all([
    ctx.timelines.remove([input.authorId], input),
    ctx.authorPosts.remove([input.authorId], input),
  ]);
  const counts = await ctx.graph.followerCounts([input.authorId]);
  if ((counts.get(input.authorId) ?? 0) >= ctx.config.extra.FEED_FANOUT_THRESHOLD) return;
  for await (const followers of ctx.graph.followerPages(input.authorId))
    await ctx.timelines.remove(followers, input);
}
