import type { SQL } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { deleteNotifications } from "../db/notification-queries.ts";
import type { Apply } from "./notify.ts";
import { forgetUnreadCount } from "./unread-count.ts";

/**
 * Deletes the notifications matching `where` (an undone cause, a deleted post or comment, a block
 * or mute) in the event's transaction; after commit each touched group is announced again, so open
 * streams show it updated (fewer actors) or removed, and the recipients' unread counts are dropped.
 */
export function retract(ctx: ServiceContext, where: SQL | undefined): Apply {
  return async (tx) => {
    const gone = await deleteNotifications(tx, where);
    if (gone.length === 0) return undefined;
    const touched = new Map(gone.map((g) => [`${g.recipientId} ${g.groupKey}`, g]));
    return async () => {
      for (const g of touched.values()) {
        await forgetUnreadCount(ctx, g.recipientId);
        await ctx.hub
          .announce({ accountId: g.recipientId, groupKey: g.groupKey })
          .catch((err) => ctx.log.warn("inbox change not announced", { err }));
      }
    };
  };
}
