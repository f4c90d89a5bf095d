import type { ServiceContext } from "../context.ts";

/**
 * Tells every replica that these accounts' follows, blocks or mutes changed, so their open
 * home-update streams reload whose posts notify them. Published on the cache channel because the
 * graph event is consumed by one replica while the account's streams may be on others. Best
 * effort: each stream also reloads every minute on its own.
 */
export async function announceAudienceChange({
  ctx,
  accountIds,
}: {
  ctx: ServiceContext;
  accountIds: string[];
}) {
  for (const accountId of accountIds) {
    try {
      await ctx.homeUpdates.announceGraphChange(accountId);
    } catch (err) {
      ctx.log.warn("home updates: announcing an audience change failed", { accountId, err });
    }
  }
}
