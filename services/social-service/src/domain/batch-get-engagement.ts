import { PermissionDeniedError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { ZERO_COUNTS } from "../db/counter-queries.ts";
import type { EngagementView } from "./engagement-view.ts";
import { idSchema, validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";

/** Largest batch one call may ask for; callers with more split their lists. */
export const MAX_BATCH = 100;

const inputSchema = z.object({
  postIds: z.array(idSchema("post")).max(MAX_BATCH, `at most ${MAX_BATCH} post ids`),
  /** Whose state to report when not the token's own (service callers without an end-user token). */
  viewerId: idSchema("viewer").optional(),
});

/**
 * Counters (cached) and viewer state (held per instance, misses in one query) of up to 100 posts, one entry per distinct
 * id in request order. Likes and reposts are public facts; a bookmark is private, so `bookmarked` is
 * only ever reported to the bookmark's owner (the verified caller). Engagement is only told about
 * posts the caller may see: unless a verified service asks (feed, which shows only what its viewer
 * may see), content-service decides for the caller (token forwarded, or anonymous), and a post the
 * caller may not see is answered exactly like an unknown one — zero counts, no state. Posts
 * content already vouched for in this request (a verified grant, `granted`) are not asked again.
 */
export async function batchGetEngagement(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  /** The verified calling service (`optionalServiceCaller`), if a service asks. */
  service?: string | undefined;
  /** Posts content-service already granted this viewer in this request (`grantedPostIds`): not asked again. */
  granted?: ReadonlySet<string>;
  input: { postIds: readonly string[]; viewerId?: string | undefined };
}): Promise<EngagementView[]> {
  const { ctx, viewer } = args;
  const input = validateInput(inputSchema, args.input, "engagement request");
  if (viewer && input.viewerId && input.viewerId !== viewer.accountId)
    throw new PermissionDeniedError("viewer_id must be the caller's own account");
  const postIds = [...new Set(input.postIds)];
  if (args.service) return readEngagement(ctx, viewer, postIds, input.viewerId);
  const granted = args.granted ?? new Set<string>();
  const unchecked = postIds.filter((id) => !granted.has(id));
  const checked = unchecked.length > 0 ? await ctx.content.visiblePostIds(unchecked) : new Set<string>();
  const visible = { has: (id: string) => granted.has(id) || checked.has(id) };
  const seen = await readEngagement(
    ctx,
    viewer,
    postIds.filter((id) => visible.has(id)),
    input.viewerId,
  );
  const byId = new Map(seen.map((v) => [v.postId, v]));
  return postIds.map((postId) => byId.get(postId) ?? unknownPost(postId));
}

/** What an unknown post — or one the caller may not see — answers: nothing to tell. */
function unknownPost(postId: string): EngagementView {
  return {
    postId,
    counts: { ...ZERO_COUNTS },
    viewerState: { liked: false, reposted: false, bookmarked: false },
  };
}

/** Counters and viewer state of posts already known to be the caller's to see. */
async function readEngagement(
  ctx: ServiceContext,
  viewer: Viewer,
  postIds: readonly string[],
  viewerId: string | undefined,
): Promise<EngagementView[]> {
  const stateOf = viewer?.accountId ?? viewerId;
  const none = new Set<string>();
  const [counts, { liked, reposted, bookmarked }] = await Promise.all([
    ctx.counters.byPostIds(postIds),
    stateOf
      ? ctx.viewerStates.states(stateOf, postIds, stateOf === viewer?.accountId)
      : { liked: none, reposted: none, bookmarked: none },
  ]);
  return postIds.map((postId) => ({
    postId,
    counts: counts.get(postId) ?? { ...ZERO_COUNTS },
    viewerState: {
      liked: liked.has(postId),
      reposted: reposted.has(postId),
      bookmarked: bookmarked.has(postId),
    },
  }));
}

/**
 * The engagement of one post for the viewer (what the write verbs answer with), once the verb has
 * established that the viewer may see the post.
 */
export async function getEngagement(
  ctx: ServiceContext,
  viewer: Viewer,
  postId: string,
): Promise<EngagementView> {
  const [view] = await readEngagement(ctx, viewer, [postId], undefined);
  if (!view) throw new Error("unreachable: one id in, one view out");
  return view;
}
