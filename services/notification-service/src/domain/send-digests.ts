import { gt, inArray, sql } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { listGroups, readMarkerOf } from "../db/notification-queries.ts";
import { loadPreferences } from "../db/preference-queries.ts";
import { digests, notifications } from "../db/schema/index.ts";
import { type NotificationItem, toItems } from "./list-notifications.ts";
import { type Preferences, wants } from "./preferences-shape.ts";
import { pushText } from "./push-text.ts";
import { signUnsubscribe } from "./unsubscribe-token.ts";

const DAY_MS = 24 * 3_600_000;
const PERIOD_MS = { daily: DAY_MS, weekly: 7 * DAY_MS } as const;
/** Accounts looked at per run (the rest wait for the next hourly run). */
const MAX_ACCOUNTS = 1_000;
const BATCH = 100;

function digestText(items: NotificationItem[], link: string, more: boolean): string {
  const lines = items.map((i) => {
    const first = i.actors[0];
    const name = first ? first.displayName || (first.username ? `@${first.username}` : "Someone") : null;
    const { body } = pushText({ type: i.type, actorName: name, actorCount: i.actorCount, previews: true });
    return `- ${body} (${i.latestAt.slice(0, 16).replace("T", " ")} UTC)`;
  });
  return [
    "Here is what happened on Nova since your last digest:",
    "",
    ...lines,
    ...(more ? ["- … and more in the app"] : []),
    "",
    `Stop these emails: ${link}`,
  ].join("\n");
}

/**
 * Sends the email digests that are due (daily or weekly per the account's preference, counted from
 * the previous digest): the unread items since then of types whose `email` channel is on, newest
 * first, through @nova/mailer, with RFC 8058 one-click unsubscribe headers. Addresses come from
 * identity (verified, live accounts only). Returns how many were sent.
 */
export async function sendDueDigests(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock();
  const since = new Date(now.getTime() - PERIOD_MS.weekly);
  const candidates = await ctx.db.db
    .selectDistinct({ accountId: notifications.recipientId })
    .from(notifications)
    .where(gt(notifications.createdAt, since))
    .limit(MAX_ACCOUNTS);
  let sent = 0;
  for (let i = 0; i < candidates.length; i += BATCH) {
    const ids = candidates.slice(i, i + BATCH).map((c) => c.accountId);
    const lastSent = new Map(
      (await ctx.db.db.select().from(digests).where(inArray(digests.accountId, ids))).map((d) => [
        d.accountId,
        d.lastSentAt,
      ]),
    );
    const due: { accountId: string; prefs: Preferences; after: Date }[] = [];
    for (const accountId of ids) {
      const prefs = await loadPreferences(ctx.db.db, accountId);
      if (prefs.emailDigest === "off") continue;
      const previous = lastSent.get(accountId);
      if (previous && now.getTime() - previous.getTime() < PERIOD_MS[prefs.emailDigest]) continue;
      const marker = await readMarkerOf(ctx.db.db, accountId);
      const floor = Math.max(
        previous?.getTime() ?? 0,
        marker?.getTime() ?? 0,
        now.getTime() - PERIOD_MS[prefs.emailDigest],
      );
      due.push({ accountId, prefs, after: new Date(floor) });
    }
    if (due.length === 0) continue;
    const recipients = await ctx.accounts.batchGetMailRecipients({ accountIds: due.map((d) => d.accountId) });
    const emailOf = new Map(recipients.recipients.map((r) => [r.accountId, r.email]));
    for (const d of due) {
      const email = emailOf.get(d.accountId);
      if (!email) continue;
      const limit = ctx.config.extra.NOTIFICATION_DIGEST_ITEMS;
      const groups = (
        await listGroups(ctx.db.db, { recipientId: d.accountId, limit: 200, actorsShown: 1, grouped: true })
      ).filter((g) => g.latestAt > d.after && wants(d.prefs, g.type, "email"));
      if (groups.length === 0) continue;
      const items = await toItems(ctx, d.accountId, groups.slice(0, limit));
      const link = `${ctx.config.extra.NOTIFICATION_PUBLIC_URL}/api/v1/notifications/unsubscribe?token=${signUnsubscribe(ctx.unsubscribeKey, d.accountId)}`;
      await ctx.mailer.send({
        to: email,
        subject: `Nova: ${groups.length} new notification${groups.length === 1 ? "" : "s"}`,
        text: digestText(items, link, groups.length > limit),
        headers: { "List-Unsubscribe": `<${link}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      });
      await ctx.db.db
        .insert(digests)
        .values({ accountId: d.accountId, lastSentAt: now })
        .onConflictDoUpdate({ target: digests.accountId, set: { lastSentAt: sql`excluded.last_sent_at` } });
      sent++;
    }
  }
  return sent;
}
