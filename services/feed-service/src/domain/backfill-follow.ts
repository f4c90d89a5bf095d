import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { ServiceContext } from "../context.ts";

/**
 * A new follow copies the followed author's recent posts into the follower's timeline. Runs in the
 * event consumer without the follower's token, so content returns what an anonymous caller sees:
 * followers-only posts of the author are not backfilled (newer ones arrive by fan-out). Authors
 * above the fan-out threshold are merged at read time and need no backfill.
 */
export async function backfillFollow({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { followerId: string; followeeId: string };
}) {
  const limit = ctx.config.extra.FEED_BACKFILL_POSTS;
  if (limit === 0) return { backfilled: 0 };
  const counts = await ctx.graph.followerCounts([input.followeeId]);
  if ((counts.get(input.followeeId) ?? 0) >= ctx.config.extra.FEED_FANOUT_THRESHOLD) return { backfilled: 0 };
  const page = await ctx.content.postsByAuthors([input.followeeId], limit);
  const entries = page.posts
    .filter((p) => p.publishedAt)
    .map((p) => ({ postId: p.id, authorId: p.authorId, at: p.publishedAt ? timestampMs(p.publishedAt) : 0 }));
  await ctx.timelines.pushMany(input.followerId, entries);
  return { backfilled: entries.length };
}
