import { NotFoundError, PermissionDeniedError, UnavailableError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findPost } from "../db/post-queries.ts";
import type { PostRow } from "../db/schema/index.ts";
import type { Viewer } from "./viewer.ts";
import { canSee, loadAudienceFacts } from "./visibility.ts";

/** What the viewer wants to do to someone's post. */
export type Interaction = "reply" | "quote" | "comment";

/**
 * The post the viewer may reply to, quote or comment on — or the error saying why not. A post the
 * viewer cannot see (or across a block) is 404; the author's reply and quote controls are 403.
 * Unlike reads, a write does not go ahead when graph-service cannot confirm there is no block: 503.
 */
export async function requireInteractionTarget(
  ctx: ServiceContext,
  viewer: Viewer & {},
  postId: string,
  kind: Interaction,
): Promise<PostRow> {
  const post = await findPost(ctx.db.db, postId);
  if (post?.status !== "published" || post.hiddenAt) throw new NotFoundError("post", postId);
  if (post.authorId === viewer.accountId) return post;
  const facts = await loadAudienceFacts(ctx, viewer, [post]);
  if (!canSee(post, viewer, facts)) {
    if (facts.relationships === null || facts.privateAuthors === null)
      throw new UnavailableError("who may interact with this post cannot be checked right now; try again");
    throw new NotFoundError("post", postId);
  }
  const rel = facts.relationships?.get(post.authorId);
  if (!rel)
    throw new UnavailableError("who may interact with this post cannot be checked right now; try again");
  if (kind === "quote") {
    if (!post.quotesAllowed) throw new PermissionDeniedError("the author does not allow quotes of this post");
    return post;
  }
  if (post.replyPolicy === "following" && !rel.followedBy)
    throw new PermissionDeniedError("only people the author follows can reply to this post");
  if (post.replyPolicy === "mentioned" && !post.mentionedUserIds.includes(viewer.accountId))
    throw new PermissionDeniedError("only people mentioned in this post can reply to it");
  return post;
}
