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
 * only ever reported to the bookmark's owner (the verified caller).
 */
export async function batchGetEngagement(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postIds: readonly string[]; viewerId?: string | undefined };
}): Promise<EngagementView[]> {
  const { ctx, viewer } = args;
  const input = validateInput(inputSchema, args.input, "engagement request");
  if (viewer && input.viewerId && input.viewerId !== viewer.accountId)
    throw new PermissionDeniedError("viewer_id must be the caller's own account");
  const stateOf = viewer?.accountId ?? input.viewerId;
  const postIds = [...new Set(input.postIds)];
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

/** The engagement of one post for the viewer (what the write verbs answer with). */
export async function getEngagement(
  ctx: ServiceContext,
  viewer: Viewer,
  postId: string,
): Promise<EngagementView> {
  const [view] = await batchGetEngagement({ ctx, viewer, input: { postIds: [postId] } });
  if (!view) throw new Error("unreachable: one id in, one view out");
  return view;
}
