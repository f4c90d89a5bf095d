import type { Database, Transaction } from "@nova/db";
import { and, asc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import { devices, envelopes, messages } from "./schema/index.ts";

type Db = Database | Transaction;
export type EnvelopeRow = typeof envelopes.$inferSelect;

/** Takes the device's next delivery seq; the row lock is held to commit, so a device's seqs commit in order. */
export async function nextDeviceSeq(tx: Transaction, accountId: string, deviceId: number): Promise<number> {
  const [row] = await tx
    .update(devices)
    .set({ lastDeviceSeq: sql`${devices.lastDeviceSeq} + 1` })
    .where(and(eq(devices.accountId, accountId), eq(devices.deviceId, deviceId)))
    .returning({ seq: devices.lastDeviceSeq });
  if (!row) throw new Error(`device ${accountId}/${deviceId} vanished`);
  return row.seq;
}

export async function insertEnvelopes(tx: Transaction, rows: readonly EnvelopeRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(envelopes).values([...rows]);
}

export function envelopesAfter(
  db: Db,
  accountId: string,
  deviceId: number,
  after: number,
  limit: number,
): Promise<EnvelopeRow[]> {
  return db
    .select()
    .from(envelopes)
    .where(
      and(
        eq(envelopes.accountId, accountId),
        eq(envelopes.deviceId, deviceId),
        gt(envelopes.deviceSeq, after),
      ),
    )
    .orderBy(asc(envelopes.deviceSeq))
    .limit(limit);
}

export async function deleteEnvelopesUpTo(
  db: Db,
  accountId: string,
  deviceId: number,
  upTo: number,
): Promise<number> {
  const rows = await db
    .delete(envelopes)
    .where(
      and(
        eq(envelopes.accountId, accountId),
        eq(envelopes.deviceId, deviceId),
        lte(envelopes.deviceSeq, upTo),
      ),
    )
    .returning({ seq: envelopes.deviceSeq });
  return rows.length;
}

export async function deleteEnvelopesBefore(db: Db, cutoff: Date): Promise<number> {
  const rows = await db
    .delete(envelopes)
    .where(lt(envelopes.sentAt, cutoff))
    .returning({ seq: envelopes.deviceSeq });
  await db.delete(messages).where(lt(messages.sentAt, cutoff));
  return rows.length;
}

export async function findMessageByClientId(
  db: Db,
  conversationId: string,
  senderId: string,
  clientMessageId: string,
): Promise<{ seq: number; sentAt: Date } | undefined> {
  const [row] = await db
    .select({ seq: messages.seq, sentAt: messages.sentAt })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.senderId, senderId),
        eq(messages.clientMessageId, clientMessageId),
      ),
    );
  return row;
}

/** Every device of these accounts, as (account, device) pairs. */
export function devicesOf(
  db: Db,
  accountIds: readonly string[],
): Promise<{ accountId: string; deviceId: number }[]> {
  if (accountIds.length === 0) return Promise.resolve([]);
  return db
    .select({ accountId: devices.accountId, deviceId: devices.deviceId })
    .from(devices)
    .where(inArray(devices.accountId, [...accountIds]));
}
