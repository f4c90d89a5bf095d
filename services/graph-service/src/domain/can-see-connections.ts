import { PermissionDeniedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findAccountPrivacy } from "../db/privacy-queries.ts";
import type { Viewer } from "./viewer.ts";

/**
 * Whose follower/following lists a viewer may read: their own; nobody's across a block (either
 * way); a private account's only as its approved follower; a public account's by anyone.
 */
export async function assertCanSeeConnections(
  ctx: ServiceContext,
  viewer: Viewer,
  ownerId: string,
): Promise<void> {
  if (viewer?.accountId === ownerId) return;
  if (viewer) {
    const rel = await ctx.relationships.between(viewer.accountId, ownerId);
    if (rel.blocking || rel.blockedBy)
      throw new PermissionDeniedError("this account's lists are hidden from you (blocked)");
    if (rel.following) return;
  }
  const privacy = await findAccountPrivacy(ctx.db.db, ownerId);
  if (privacy?.privateAccount)
    throw new PermissionDeniedError("this account is private: only its approved followers see its lists");
}
