import type { ServiceContext } from "../context.ts";
import { countUnreadGroups, readMarkerOf } from "../db/notification-queries.ts";

const key = (accountId: string) => `notification:v1:unread:${accountId}`;
/** A lost invalidation is corrected after this long. */
const TTL_MS = 5 * 60_000;

/** Items (groups) with activity after the account's read marker; held in the cache until it changes. */
export async function unreadCountOf(ctx: ServiceContext, accountId: string): Promise<number> {
  const held = await ctx.cache.get<number>(key(accountId)).catch(() => undefined);
  if (typeof held === "number") return held;
  const count = await countUnreadGroups(ctx.db.db, accountId, await readMarkerOf(ctx.db.db, accountId));
  await ctx.cache.set(key(accountId), count, { ttlMs: TTL_MS }).catch(() => {});
  return count;
}

/** Drops the held count (a notification arrived or was retracted, or the marker moved). */
export async function forgetUnreadCount(ctx: ServiceContext, accountId: string): Promise<void> {
  await ctx.cache
    .delete(key(accountId))
    .catch((err) => ctx.log.warn("unread count not invalidated", { err }));
}
