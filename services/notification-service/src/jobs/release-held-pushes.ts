import type { ServiceContext } from "../context.ts";
import { loadPreferences } from "../db/preference-queries.ts";
import { takeDuePushes } from "../db/push-target-queries.ts";
import { deliverPush } from "../domain/deliver-push.ts";

const EVERY_MS = 30_000;
const BATCH = 200;

/** Sends the pushes held during quiet hours whose window has ended; returns how many went out. */
export async function releaseHeldPushes(ctx: ServiceContext): Promise<number> {
  let released = 0;
  for (;;) {
    const due = await takeDuePushes(ctx.db.db, ctx.clock(), BATCH);
    for (const held of due) {
      const prefs = await loadPreferences(ctx.db.db, held.accountId);
      await deliverPush({
        ctx,
        accountId: held.accountId,
        prefs,
        message: held.message,
        ignoreQuietHours: true,
      });
    }
    released += due.length;
    if (due.length < BATCH) return released;
  }
}

/** Every 30 s (one replica at a time: a cache lock), releases held pushes. */
export function startHeldPushRelease(ctx: ServiceContext) {
  return startLockedInterval(ctx, "release-held-pushes", EVERY_MS, () => releaseHeldPushes(ctx));
}

/** Runs `task` every `everyMs` on whichever replica takes the cache lock; failures are logged. */
export function startLockedInterval(
  ctx: ServiceContext,
  name: string,
  everyMs: number,
  task: () => Promise<unknown>,
) {
  const timer = setInterval(async () => {
    const key = `notification:v1:job:${name}`;
    const token = await ctx.cache.acquireLock(key, everyMs).catch(() => undefined);
    if (!token) return;
    try {
      await task();
    } catch (err) {
      ctx.log.warn(`${name} failed`, { err });
    }
  }, everyMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
