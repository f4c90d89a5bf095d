import type { ServiceContext } from "../context.ts";
import type { PostView } from "./post-view.ts";
import type { Viewer } from "./viewer.ts";

/** The service a visibility grant is addressed to: social-service, which tells engagement only for visible posts. */
export const GRANT_AUDIENCE = "social-service";

/**
 * Whether a post this viewer was just shown may go into a grant: exactly what BatchGetPosts would
 * answer the viewer (published and not hidden), so a grant never says more than the check it replaces.
 * The author's own drafts and hidden posts are shown to them but left out.
 */
export function grantable(post: PostView): boolean {
  return post.status === "published" && post.moderation.hiddenReason === null;
}

/**
 * Signs one grant (iss content-service, aud social-service, sub the viewer, ≤ 30 s) naming posts
 * the caller has already established, in this request, that the viewer may see.
 */
export function grantPostVisibility(args: {
  ctx: Pick<ServiceContext, "identity">;
  viewer: Viewer;
  postIds: readonly string[];
}): Promise<string> {
  return args.ctx.identity.grants.issue({
    audience: GRANT_AUDIENCE,
    viewer: args.viewer?.accountId,
    posts: args.postIds,
  });
}
