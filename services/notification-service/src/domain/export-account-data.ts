import { requireAccountOwner } from "@nova/auth";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { loadPreferences } from "../db/preference-queries.ts";
import { notifications, pushDevices, pushSubscriptions, readMarkers } from "../db/schema/index.ts";
import type { Viewer } from "./viewer.ts";

/**
 * notification-service's section of the account export: the inbox (who did what, when), the read
 * marker, preferences and registered push targets (platform and date; tokens and keys are secrets
 * of the device and are left out). Only for the account itself.
 */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { accountId: string };
}) {
  const accountId = requireAccountOwner(args.viewer, args.input.accountId);
  const db = args.ctx.db.db;
  const [rows, [marker], devices, subs, prefs] = await Promise.all([
    db.select().from(notifications).where(eq(notifications.recipientId, accountId)),
    db.select().from(readMarkers).where(eq(readMarkers.accountId, accountId)),
    db.select().from(pushDevices).where(eq(pushDevices.accountId, accountId)),
    db.select().from(pushSubscriptions).where(eq(pushSubscriptions.accountId, accountId)),
    loadPreferences(db, accountId),
  ]);
  return {
    notifications: rows.map((r) => ({
      type: r.type,
      actorId: r.actorId,
      postId: r.postId,
      commentId: r.commentId,
      details: r.data,
      at: r.createdAt.toISOString(),
    })),
    readUpTo: marker?.readUpTo.toISOString() ?? null,
    preferences: prefs,
    pushDevices: devices.map((d) => ({
      platform: d.platform,
      appId: d.appId,
      registeredAt: d.createdAt.toISOString(),
    })),
    webPushSubscriptions: subs.map((s) => ({
      origin: new URL(s.endpoint).origin,
      registeredAt: s.createdAt.toISOString(),
    })),
  };
}
