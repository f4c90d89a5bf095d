import type { Database, Transaction } from "@nova/db";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { devices, oneTimePreKeys } from "./schema/index.ts";

export type DeviceRow = typeof devices.$inferSelect;
type Db = Database | Transaction;

export function findDevices(db: Db, accountId: string): Promise<DeviceRow[]> {
  return db.select().from(devices).where(eq(devices.accountId, accountId)).orderBy(asc(devices.deviceId));
}

export async function findDevice(
  db: Db,
  accountId: string,
  deviceId: number,
): Promise<DeviceRow | undefined> {
  const [row] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.accountId, accountId), eq(devices.deviceId, deviceId)));
  return row;
}

/** Inserts or replaces a device's long-lived keys (its delivery counter is kept). */
export async function upsertDevice(
  tx: Transaction,
  row: Omit<DeviceRow, "lastDeviceSeq" | "createdAt" | "updatedAt">,
  now: Date,
): Promise<void> {
  const { accountId: _a, deviceId: _d, ...keys } = row;
  await tx
    .insert(devices)
    .values({ ...row, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [devices.accountId, devices.deviceId], set: { ...keys, updatedAt: now } });
}

export async function upsertOneTimePreKeys(
  tx: Transaction,
  accountId: string,
  deviceId: number,
  keys: readonly { keyId: number; publicKey: Uint8Array }[],
): Promise<void> {
  if (keys.length === 0) return;
  await tx
    .insert(oneTimePreKeys)
    .values(keys.map((k) => ({ accountId, deviceId, keyId: k.keyId, publicKey: k.publicKey })))
    .onConflictDoUpdate({
      target: [oneTimePreKeys.accountId, oneTimePreKeys.deviceId, oneTimePreKeys.keyId],
      set: { publicKey: sql`excluded.public_key` },
    });
}

/**
 * Takes one one-time prekey of the device and deletes it in the same statement. `SKIP LOCKED`
 * lets concurrent claims each take a different row instead of queueing on (or both reading) the
 * same one: no key is ever handed out twice.
 */
export async function takeOneTimePreKey(
  db: Db,
  accountId: string,
  deviceId: number,
): Promise<{ keyId: number; publicKey: Uint8Array } | undefined> {
  const [row] = await db
    .delete(oneTimePreKeys)
    .where(
      sql`(${oneTimePreKeys.accountId}, ${oneTimePreKeys.deviceId}, ${oneTimePreKeys.keyId}) = (
        SELECT account_id, device_id, key_id FROM realtime_chat_service.one_time_prekeys
        WHERE account_id = ${accountId} AND device_id = ${deviceId}
        ORDER BY key_id LIMIT 1 FOR UPDATE SKIP LOCKED)`,
    )
    .returning({ keyId: oneTimePreKeys.keyId, publicKey: oneTimePreKeys.publicKey });
  return row;
}

export async function countOneTimePreKeys(db: Db, accountId: string, deviceId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(oneTimePreKeys)
    .where(and(eq(oneTimePreKeys.accountId, accountId), eq(oneTimePreKeys.deviceId, deviceId)));
  return Number(row?.n ?? 0);
}
