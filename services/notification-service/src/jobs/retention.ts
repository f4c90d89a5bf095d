import type { ServiceContext } from "../context.ts";
import { deleteOlderThan } from "../db/notification-queries.ts";
import { startLockedInterval } from "./release-held-pushes.ts";

const EVERY_MS = 3_600_000;

/** Deletes notifications older than NOTIFICATION_RETENTION (default 90 days); returns how many. */
export async function purgeExpiredNotifications(ctx: ServiceContext): Promise<number> {
  const before = new Date(ctx.clock().getTime() - ctx.config.extra.NOTIFICATION_RETENTION);
  return deleteOlderThan(ctx.db.db, before);
}

/** Hourly, on one replica at a time. */
export function startRetention(ctx: ServiceContext) {
  return startLockedInterval(ctx, "retention", EVERY_MS, () => purgeExpiredNotifications(ctx));
}
