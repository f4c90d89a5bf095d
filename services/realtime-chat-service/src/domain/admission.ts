import { PermissionDeniedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";

/**
 * Whether `initiatorId` may bring each of `targets` into a conversation, and where it lands for them:
 * - a block either way → 403;
 * - the target follows the initiator → "active" (unless its whoCanMessage is "nobody" → 403);
 * - otherwise whoCanMessage "everyone" → "request" (the requests folder), "following"/"nobody" → 403.
 */
export async function admit(
  ctx: ServiceContext,
  initiatorId: string,
  targets: readonly string[],
): Promise<Map<string, "active" | "request">> {
  const others = [...new Set(targets)].filter((t) => t !== initiatorId);
  const [relationships, settings] = await Promise.all([
    ctx.graph.relationships(initiatorId, others),
    ctx.users.whoCanMessage(others),
  ]);
  const out = new Map<string, "active" | "request">();
  for (const target of others) {
    const rel = relationships.get(target);
    if (rel?.blocked) throw new PermissionDeniedError("you cannot message this account");
    const who = settings.get(target);
    if (who === undefined) throw new PermissionDeniedError("you cannot message this account");
    if (who === "nobody") throw new PermissionDeniedError("this account does not accept messages");
    if (rel?.followsViewer) out.set(target, "active");
    else if (who === "everyone") out.set(target, "request");
    else throw new PermissionDeniedError("this account accepts messages only from accounts it follows");
  }
  return out;
}

/** 403 when `accountId` and any of `others` are in a blocked pair (sending into a direct conversation). */
export async function assertNotBlocked(ctx: ServiceContext, accountId: string, others: readonly string[]) {
  const relationships = await ctx.graph.relationships(accountId, others);
  for (const rel of relationships.values())
    if (rel.blocked) throw new PermissionDeniedError("you cannot message this account");
}
