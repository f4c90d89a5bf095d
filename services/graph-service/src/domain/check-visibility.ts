import type { ServiceContext } from "../context.ts";
import { checkRelationships } from "./get-relationships.ts";

/** Whether each author's content is visible to the viewer (see BatchCheckVisibility in graph.proto). */
export interface AuthorVisibilityView {
  authorId: string;
  notBlocked: boolean;
  seesFollowersOnly: boolean;
  muted: boolean;
}

/** Visibility of up to 100 authors' content to one viewer, in request order. For other services. */
export async function checkVisibility(args: {
  ctx: ServiceContext;
  input: { viewerId: string; authorIds: readonly string[] };
}): Promise<AuthorVisibilityView[]> {
  const rels = await checkRelationships({
    ctx: args.ctx,
    input: { viewerId: args.input.viewerId, ids: args.input.authorIds },
  });
  return rels.map((r) => {
    const notBlocked = !r.blocking && !r.blockedBy;
    const self = r.id === args.input.viewerId.toLowerCase();
    return {
      authorId: r.id,
      notBlocked,
      seesFollowersOnly: self || (notBlocked && r.following),
      muted: r.muting,
    };
  });
}
