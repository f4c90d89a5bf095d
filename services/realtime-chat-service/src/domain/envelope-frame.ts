import type { EnvelopeRow } from "../db/envelope-queries.ts";
import type { QueuedFrame } from "../socket/frames.ts";
import { toBase64 } from "./chat-inputs.ts";

/**
 * `envelopeType` of a server-generated "safety number changed" row in the delivery queue (clients'
 * envelope types are 0..255, so no client can forge one). Such a row has no ciphertext; its sender
 * columns name the device whose identity key changed.
 */
export const IDENTITY_CHANGED_TYPE = -1;

/** A queued row as a socket frame and a backlog page item (the ciphertext byte-identical, in base64). */
export function envelopeFrame(row: EnvelopeRow): QueuedFrame {
  if (row.envelopeType === IDENTITY_CHANGED_TYPE)
    return {
      type: "identity_changed",
      deviceSeq: row.deviceSeq,
      accountId: row.senderId,
      deviceId: row.senderDeviceId,
      conversationId: row.conversationId,
      changedAt: row.sentAt.toISOString(),
    };
  return {
    type: "envelope",
    deviceSeq: row.deviceSeq,
    conversationId: row.conversationId,
    seq: row.seq,
    senderId: row.senderId,
    senderDeviceId: row.senderDeviceId,
    envelopeType: row.envelopeType,
    ciphertext: toBase64(row.ciphertext),
    sentAt: row.sentAt.toISOString(),
  };
}
