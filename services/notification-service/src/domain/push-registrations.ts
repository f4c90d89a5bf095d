import { PermissionDeniedError } from "@nova/errors";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { allowsLoopbackPush } from "../config.ts";
import type { ServiceContext } from "../context.ts";
import { DEVICE_PLATFORMS, pushDevices, pushSubscriptions } from "../db/schema/index.ts";
import { assertPushableEndpoint } from "../push/endpoint-guard.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const deviceSchema = z
  .object({
    platform: z.enum(DEVICE_PLATFORMS),
    token: z.string().regex(/^[A-Za-z0-9:_\-.]{8,4096}$/, "must be the platform's device/registration token"),
    appId: z
      .string()
      .regex(/^[A-Za-z0-9.\-_]{1,155}$/, "must be a bundle / application id")
      .optional(),
  })
  .strict();

const b64url = (min: number, max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+=*$/, "must be base64url")
    .min(min)
    .max(max);
const subscriptionSchema = z
  .object({
    endpoint: z.string().min(1).max(2048),
    // RFC 8291: p256dh is the 65-byte uncompressed P-256 point (87 chars), auth 16 bytes (22 chars).
    keys: z.object({ p256dh: b64url(86, 90), auth: b64url(21, 24) }).strict(),
  })
  .strict();

/** Registers (or moves to the viewer) an APNs/FCM token; one token belongs to one account. */
export async function registerDevice(args: { ctx: ServiceContext; viewer: Viewer; input: unknown }) {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const input = validateInput(deviceSchema, args.input, "device");
  const [row] = await ctx.db.db
    .insert(pushDevices)
    .values({
      id: Bun.randomUUIDv7(),
      accountId,
      platform: input.platform,
      token: input.token,
      appId: input.appId ?? null,
      createdAt: ctx.clock(),
    })
    .onConflictDoUpdate({
      target: [pushDevices.platform, pushDevices.token],
      set: { accountId, appId: input.appId ?? null },
    })
    .returning();
  if (!row) throw new Error("device not stored");
  return { id: row.id, platform: row.platform, appId: row.appId, createdAt: row.createdAt.toISOString() };
}

/**
 * Registers a Web Push subscription after checking its endpoint (https to a public host; loopback
 * http only in the embedded default): 400 otherwise, nothing stored.
 */
export async function subscribeWebPush(args: { ctx: ServiceContext; viewer: Viewer; input: unknown }) {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const input = validateInput(subscriptionSchema, args.input, "push subscription");
  await assertPushableEndpoint(input.endpoint, { allowLoopback: allowsLoopbackPush(ctx.config) });
  const [row] = await ctx.db.db
    .insert(pushSubscriptions)
    .values({
      id: Bun.randomUUIDv7(),
      accountId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      createdAt: ctx.clock(),
    })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { accountId, p256dh: input.keys.p256dh, auth: input.keys.auth },
    })
    .returning();
  if (!row) throw new Error("subscription not stored");
  return { id: row.id, createdAt: row.createdAt.toISOString(), vapidPublicKey: ctx.push.vapid.publicKey };
}

const idSchema = z.object({ id: z.uuid("must be an id returned at registration") });

/** Removes one of the viewer's devices or subscriptions (404-free: someone else's id is refused, 403). */
export async function removePushTarget(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { kind: "device" | "subscription"; id: unknown };
}) {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const { id } = validateInput(idSchema, { id: args.input.id }, args.input.kind);
  const table = args.input.kind === "device" ? pushDevices : pushSubscriptions;
  const [existing] = await ctx.db.db
    .select({ accountId: table.accountId })
    .from(table)
    .where(eq(table.id, id));
  if (existing && existing.accountId !== accountId)
    throw new PermissionDeniedError(`not your ${args.input.kind}`);
  const gone = await ctx.db.db
    .delete(table)
    .where(and(eq(table.id, id), eq(table.accountId, accountId)))
    .returning({ id: table.id });
  return { removed: gone.length > 0 };
}
