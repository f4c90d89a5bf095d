import type { ServiceContext } from "../context.ts";
import { holdPush, pruneTarget, targetsOf } from "../db/push-target-queries.ts";
import type { PushMessage, PushTarget, SendOutcome } from "../push/push-message.ts";
import type { Preferences } from "./preferences-shape.ts";
import { quietUntil } from "./quiet-hours.ts";

export interface PushReport {
  held: boolean;
  capped: boolean;
  outcomes: { targetId: string; kind: PushTarget["kind"]; outcome: SendOutcome }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends one push with retries (backoff ×4 from `ctx.push.retryBaseMs`); a dead target is pruned. */
async function sendWithRetry(
  ctx: ServiceContext,
  target: PushTarget,
  message: PushMessage,
): Promise<SendOutcome> {
  const sender = ctx.push.senders[target.kind];
  if (!sender) return "failed"; // that platform is not configured here
  let outcome: SendOutcome = "retry";
  for (let attempt = 0; attempt < ctx.push.attempts; attempt++) {
    if (attempt > 0) await sleep(ctx.push.retryBaseMs * 4 ** (attempt - 1));
    outcome = await sender.send(target, message).catch(() => "retry" as const);
    if (outcome !== "retry") break;
  }
  ctx.stats.pushes.inc({ platform: target.kind, outcome });
  if (outcome === "gone") await pruneTarget(ctx.db.db, target);
  return outcome;
}

/**
 * Delivers a push to every device and Web Push subscription of the account: held until the end of
 * the account's quiet hours (stored, sent by the release job — not lost), refused beyond
 * NOTIFICATION_PUSH_PER_MINUTE per account (the in-app item is still there), otherwise sent to all
 * targets side by side. `ignoreQuietHours` is for the release job itself.
 */
export async function deliverPush(args: {
  ctx: ServiceContext;
  accountId: string;
  prefs: Preferences;
  message: PushMessage;
  ignoreQuietHours?: boolean;
}): Promise<PushReport> {
  const { ctx, accountId, message } = args;
  const report: PushReport = { held: false, capped: false, outcomes: [] };
  const until = args.ignoreQuietHours ? null : quietUntil(args.prefs.quietHours, ctx.clock());
  if (until) {
    await holdPush(ctx.db.db, accountId, message, until);
    report.held = true;
    return report;
  }
  const minute = Math.floor(ctx.clock().getTime() / 60_000);
  const used = await ctx.cache.incr(`notification:v1:push-cap:${accountId}:${minute}`, { ttlMs: 120_000 });
  if (used > ctx.config.extra.NOTIFICATION_PUSH_PER_MINUTE) {
    report.capped = true;
    ctx.stats.pushes.inc({ platform: "any", outcome: "capped" });
    return report;
  }
  const targets = await targetsOf(ctx.db.db, accountId);
  report.outcomes = await Promise.all(
    targets.map(async (t) => ({
      targetId: t.id,
      kind: t.kind,
      outcome: await sendWithRetry(ctx, t, message),
    })),
  );
  return report;
}
