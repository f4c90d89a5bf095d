import type { Transaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { findPartnerConversations } from "../db/conversation-queries.ts";
import { devicesOf, type EnvelopeRow, insertEnvelopes, nextDeviceSeq } from "../db/envelope-queries.ts";
import type { QueuedFrame } from "../socket/frames.ts";
import { envelopeFrame, IDENTITY_CHANGED_TYPE } from "./envelope-frame.ts";

export type QueuedHint = { accountId: string; deviceId: number; frame: QueuedFrame };

/**
 * "Safety number changed", durably: in the transaction that stores the new identity key, every
 * current device of everyone sharing a conversation with the account gets an `identity_changed`
 * item in its own delivery queue (next deviceSeq, no ciphertext). It is delivered on connect or
 * resume like any envelope and deleted when acknowledged. Returns the hints to publish after commit.
 */
export async function queueIdentityChanged(
  tx: Transaction,
  changed: { accountId: string; deviceId: number },
  now: Date,
): Promise<QueuedHint[]> {
  const partners = await findPartnerConversations(tx, changed.accountId);
  if (partners.length === 0) return [];
  const conversationOf = new Map(partners.map((p) => [p.accountId, p.conversationId]));
  // One fixed device order (as send-message), so concurrent writers take device rows in the same order.
  const targets = (
    await devicesOf(
      tx,
      partners.map((p) => p.accountId),
    )
  ).sort((a, b) =>
    a.accountId === b.accountId ? a.deviceId - b.deviceId : a.accountId < b.accountId ? -1 : 1,
  );
  const rows: EnvelopeRow[] = [];
  for (const d of targets)
    rows.push({
      accountId: d.accountId,
      deviceId: d.deviceId,
      deviceSeq: await nextDeviceSeq(tx, d.accountId, d.deviceId),
      conversationId: conversationOf.get(d.accountId) ?? "",
      seq: 0,
      senderId: changed.accountId,
      senderDeviceId: changed.deviceId,
      envelopeType: IDENTITY_CHANGED_TYPE,
      ciphertext: new Uint8Array(0),
      sentAt: now,
    });
  await insertEnvelopes(tx, rows);
  return rows.map((r) => ({ accountId: r.accountId, deviceId: r.deviceId, frame: envelopeFrame(r) }));
}

/** Tells every instance to push the committed items to open sockets (others get them on connect). */
export async function publishQueued(ctx: ServiceContext, hints: readonly QueuedHint[]): Promise<void> {
  ctx.chatMetrics.envelopesQueued.inc(hints.length);
  await Promise.all(
    hints.map((h) =>
      ctx.hub
        .publish({ kind: "envelope", ...h })
        .catch((err) =>
          ctx.log.warn("delivery hint not published; the socket catches up on its next read", { err }),
        ),
    ),
  );
}
