import { NotFoundError, PermissionDeniedError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findAccountPrivacy } from "../db/privacy-queries.ts";
import { changeRecorder } from "./change-recorder.ts";
import { accountIdSchema, requireOther, validateInput } from "./graph-input.ts";
import { type RelationshipView, toRelationshipView } from "./relationship-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const inputSchema = z.object({ id: accountIdSchema });

/**
 * Follows an account: at once when it is public, as a follow request when it is private (the flag
 * is graph-service's copy from user-service's profile events; an account not heard of yet counts
 * as public). Idempotent. Refused while either blocks the other; a deleted account is a 404.
 */
export async function followAccount(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
  traceparent?: string | undefined;
}): Promise<RelationshipView> {
  const { ctx } = args;
  const viewerId = requireViewer(args.viewer);
  const { id } = validateInput(inputSchema, args.input, "follow");
  await ctx.writeLimits.consume("follows", viewerId);
  requireOther(viewerId, id, "follow");
  const privacy = await findAccountPrivacy(ctx.db.db, id);
  if (privacy?.erased) throw new NotFoundError("account");
  const recorder = changeRecorder(ctx, args.traceparent);
  const outcome = await ctx.store.follow(
    {
      followerId: viewerId,
      followeeId: id,
      at: ctx.clock(),
      requireApproval: privacy?.privateAccount ?? false,
    },
    recorder.record,
  );
  await recorder.afterCommit();
  if (outcome === "blocked") throw new PermissionDeniedError("you cannot follow this account (blocked)");
  return toRelationshipView(id, await ctx.relationships.between(viewerId, id));
}
