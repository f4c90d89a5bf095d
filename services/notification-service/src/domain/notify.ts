import type { Transaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertNotification, listGroups } from "../db/notification-queries.ts";
import { loadPreferences } from "../db/preference-queries.ts";
import { hasPushTargets } from "../db/push-target-queries.ts";
import type { NotificationRow } from "../db/schema/index.ts";
import { deliverPush } from "./deliver-push.ts";
import { refusalOf } from "./delivery-rules.ts";
import type { NotificationIntent } from "./intent.ts";
import { type Preferences, wants } from "./preferences-shape.ts";
import { pushText } from "./push-text.ts";
import { forgetUnreadCount } from "./unread-count.ts";

/** Runs in the event's transaction; returns what to do once it committed. */
export type Apply = (tx: Transaction) => Promise<(() => Promise<void>) | undefined>;

/**
 * Decides (outside any transaction: graph, content and preferences are read first) whether the
 * intent becomes a notification, and returns its application: the row inserted with the event's
 * ledger entry, then — after commit — the unread count dropped, the change announced to open
 * streams, and a push sent (held in quiet hours). Undefined when a rule refuses it.
 */
export async function prepareNotification(
  ctx: ServiceContext,
  intent: NotificationIntent,
): Promise<Apply | undefined> {
  const prefs = await loadPreferences(ctx.db.db, intent.recipientId);
  const refusal = await refusalOf(ctx, intent, prefs);
  if (refusal) {
    ctx.stats.decisions.inc({ type: intent.type, outcome: refusal });
    return undefined;
  }
  const inApp = wants(prefs, intent.type, "inApp") && intent.type !== "message";
  return async (tx) => {
    const row = inApp ? await insertNotification(tx, intent) : null;
    if (inApp && !row) {
      ctx.stats.decisions.inc({ type: intent.type, outcome: "duplicate" });
      return undefined;
    }
    ctx.stats.decisions.inc({ type: intent.type, outcome: row ? "stored" : "push-only" });
    return async () => {
      if (row) {
        await forgetUnreadCount(ctx, intent.recipientId);
        await ctx.hub
          .announce({ accountId: intent.recipientId, groupKey: row.groupKey, id: row.id })
          .catch((err) => ctx.log.warn("inbox change not announced", { err }));
      }
      if (wants(prefs, intent.type, "push")) {
        // In the background: retries with backoff must not hold the event consumer.
        void pushFor(ctx, intent, row, prefs).catch((err) => ctx.log.warn("push delivery failed", { err }));
      }
    };
  };
}

/** Builds and sends the push of a new notification (the group's count and newest actor when previews are on). */
export async function pushFor(
  ctx: ServiceContext,
  intent: NotificationIntent,
  row: NotificationRow | null,
  prefs: Preferences,
) {
  // No device or subscription: nothing to build (the group count is a query worth skipping).
  if (!(await hasPushTargets(ctx.db.db, intent.recipientId))) return undefined;
  let actorCount = 1;
  let actorName: string | null = null;
  if (prefs.pushPreviews && intent.actorId) {
    if (row) {
      const [group] = await listGroups(ctx.db.db, {
        recipientId: intent.recipientId,
        groupKeys: [row.groupKey],
        limit: 1,
        actorsShown: 1,
        grouped: true,
      });
      actorCount = group?.actorCount ?? 1;
    }
    const actor = (await ctx.users.profiles([intent.actorId])).get(intent.actorId);
    actorName = actor ? actor.displayName || `@${actor.username}` : null;
  }
  const text = pushText({
    type: intent.type,
    actorName,
    actorCount,
    previews: prefs.pushPreviews,
    likeOfComment: intent.groupKey.startsWith("like:comment:"),
  });
  const data: Record<string, string> = { type: intent.type, groupKey: intent.groupKey };
  if (row) data.notificationId = row.id;
  if (prefs.pushPreviews) data.actorCount = String(actorCount);
  if (intent.type === "message" && intent.data?.conversationId)
    data.conversationId = String(intent.data.conversationId);
  return deliverPush({
    ctx,
    accountId: intent.recipientId,
    prefs,
    message: { type: intent.type, ...text, collapseKey: intent.groupKey, data, ttlSeconds: 24 * 3600 },
  });
}
