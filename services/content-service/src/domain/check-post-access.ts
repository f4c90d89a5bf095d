import { PermissionDeniedError, UnavailableError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findLivePosts } from "../db/post-queries.ts";
import { MAX_BATCH } from "./batch-get-posts.ts";
import { validateInput } from "./validate-input.ts";
import { canSee, loadAudienceFacts } from "./visibility.ts";

/** Services that may ask on behalf of an account named in the request (a notification's recipient). */
export const POST_ACCESS_CALLERS: ReadonlySet<string> = new Set(["notification-service"]);

const inputSchema = z.object({
  viewerId: z.uuid("must be an account id (UUID)"),
  postIds: z.array(z.uuid("must be a post id (UUID)")).max(MAX_BATCH, `at most ${MAX_BATCH} ids`),
});

export interface PostAccess {
  postId: string;
  /** The post's author; empty unless visible. */
  authorId: string;
  visible: boolean;
}

/**
 * Whether an account may see each post, by the same rule GetPost applies (filterVisible → canSee),
 * for a service that has no token of that account (notification-service deciding whether to tell a
 * recipient about a post). The calling service must be one of POST_ACCESS_CALLERS (the RPC gate
 * already refused calls without a service credential). One answer per distinct id, in request order;
 * nothing but `visible: false` about a post the account may not see. Where reads fail closed when a
 * peer cannot say (filterVisible), this answer is UnavailableError instead: the caller acts on it
 * for good (a notification refused is never retried), so "unknown" must not read as "invisible".
 */
export async function checkPostAccess(args: {
  ctx: ServiceContext;
  callerService: string | undefined;
  input: { viewerId: string; postIds: readonly string[] };
}): Promise<PostAccess[]> {
  if (!args.callerService || !POST_ACCESS_CALLERS.has(args.callerService))
    throw new PermissionDeniedError("only notification-service may check post access for an account");
  const { viewerId, postIds } = validateInput(inputSchema, args.input, "post access");
  const unique = [...new Set(postIds)];
  const rows = await findLivePosts(args.ctx.db.db, unique);
  const viewer = { accountId: viewerId };
  const facts = await loadAudienceFacts(args.ctx, viewer, rows);
  if (facts.privateAuthors === null || facts.relationships === null)
    throw new UnavailableError("user-service or graph-service cannot say who may see these posts");
  const visible = rows.filter((r) => canSee(r, viewer, facts));
  const authors = new Map(visible.map((r) => [r.id, r.authorId]));
  return unique.map((postId) => {
    const authorId = authors.get(postId);
    return { postId, authorId: authorId ?? "", visible: authorId !== undefined };
  });
}
