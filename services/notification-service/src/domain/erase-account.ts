import { eq, or } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import {
  digests,
  heldPushes,
  notifications,
  preferences,
  pushDevices,
  pushSubscriptions,
  readMarkers,
} from "../db/schema/index.ts";
import type { Apply } from "./notify.ts";
import { retract } from "./retract.ts";

/**
 * identity's AccountDeleted (delivered twice: at once, and again by the sweep): erases the account's
 * inbox, read marker, preferences, devices, Web Push subscriptions and held pushes, and every
 * notification it caused in others' inboxes (they are retracted there, live). Deletes only, so the
 * second delivery finds nothing and changes nothing.
 */
export function eraseAccount(ctx: ServiceContext, accountId: string): Apply {
  const retractCaused = retract(
    ctx,
    or(eq(notifications.actorId, accountId), eq(notifications.recipientId, accountId)),
  );
  return async (tx) => {
    const after = await retractCaused(tx);
    await tx.delete(readMarkers).where(eq(readMarkers.accountId, accountId));
    await tx.delete(preferences).where(eq(preferences.accountId, accountId));
    await tx.delete(pushDevices).where(eq(pushDevices.accountId, accountId));
    await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.accountId, accountId));
    await tx.delete(heldPushes).where(eq(heldPushes.accountId, accountId));
    await tx.delete(digests).where(eq(digests.accountId, accountId));
    return after;
  };
}
