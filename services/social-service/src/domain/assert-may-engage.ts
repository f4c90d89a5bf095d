import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import type { VisiblePost } from "../peers/content-peer.ts";

/**
 * The rule before any new engagement: the post exists and the viewer may see it (content-service
 * decides), and the viewer is in no blocked pair with the given people (graph-service decides). A
 * blocked pair is answered like a missing post, as content does, so a block is never revealed.
 * Either peer unreachable → UnavailableError (503): fail closed, never engage unchecked.
 */
export async function assertMayEngage(
  ctx: ServiceContext,
  viewerId: string,
  postId: string,
  alsoCheck: readonly string[] = [],
): Promise<VisiblePost> {
  const post = await ctx.content.getVisiblePost(postId);
  const blocked = await ctx.graph.blockedAmong(viewerId, [post.authorId, ...alsoCheck]);
  if (blocked.size > 0) throw new NotFoundError("post");
  return post;
}
