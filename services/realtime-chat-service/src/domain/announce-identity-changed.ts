import type { ServiceContext } from "../context.ts";
import { findPartners } from "../db/conversation-queries.ts";

/**
 * Tells the open sockets of everyone who shares a conversation with the account that one of its
 * devices has a new identity key: their clients re-fetch the bundle and show "safety number changed".
 * Not stored: a client that was offline learns it when its next session with that device fails to
 * decrypt or when it re-fetches keys (the identity key is in every bundle).
 */
export async function announceIdentityChanged(ctx: ServiceContext, accountId: string, deviceId: number) {
  const partners = await findPartners(ctx.db.db, accountId);
  if (partners.length === 0) return;
  await ctx.hub
    .publish({
      kind: "signal",
      accountIds: partners,
      frame: { type: "identity_changed", accountId, deviceId },
    })
    .catch((err) => ctx.log.warn("identity change not announced", { err }));
}
