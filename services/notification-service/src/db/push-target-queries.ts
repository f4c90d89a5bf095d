import type { Database, Transaction } from "@nova/db";
import { eq, inArray, lte } from "drizzle-orm";
import type { PushMessage, PushTarget } from "../push/push-message.ts";
import { heldPushes, pushDevices, pushSubscriptions } from "./schema/index.ts";

type Db = Database | Transaction;

/** Every device and Web Push subscription of the account. */
export async function targetsOf(db: Db, accountId: string): Promise<PushTarget[]> {
  const [devices, subs] = await Promise.all([
    db.select().from(pushDevices).where(eq(pushDevices.accountId, accountId)),
    db.select().from(pushSubscriptions).where(eq(pushSubscriptions.accountId, accountId)),
  ]);
  return [
    ...devices.map((d) => ({ kind: d.platform, id: d.id, token: d.token, appId: d.appId }) as const),
    ...subs.map(
      (s) => ({ kind: "webpush", id: s.id, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth }) as const,
    ),
  ];
}

/** Whether the account has any device or Web Push subscription. */
export async function hasPushTargets(db: Db, accountId: string): Promise<boolean> {
  const [d] = await db
    .select({ id: pushDevices.id })
    .from(pushDevices)
    .where(eq(pushDevices.accountId, accountId))
    .limit(1);
  if (d) return true;
  const [s] = await db
    .select({ id: pushSubscriptions.id })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.accountId, accountId))
    .limit(1);
  return !!s;
}

/** Removes a dead target (the push service said the token or subscription is gone). */
export async function pruneTarget(db: Db, target: PushTarget): Promise<void> {
  if (target.kind === "webpush")
    await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, target.id));
  else await db.delete(pushDevices).where(eq(pushDevices.id, target.id));
}

export async function holdPush(db: Db, accountId: string, message: PushMessage, releaseAt: Date) {
  await db.insert(heldPushes).values({ id: Bun.randomUUIDv7(), accountId, message, releaseAt });
}

/** Takes (deletes and returns) up to `limit` held pushes due by `now`. */
export async function takeDuePushes(db: Database, now: Date, limit: number) {
  const due = db
    .select({ id: heldPushes.id })
    .from(heldPushes)
    .where(lte(heldPushes.releaseAt, now))
    .limit(limit);
  return db.delete(heldPushes).where(inArray(heldPushes.id, due)).returning();
}
