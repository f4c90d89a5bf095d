import type { EnvelopeRow } from "../db/envelope-queries.ts";
import type { EnvelopeFrame } from "../socket/frames.ts";
import { toBase64 } from "./chat-inputs.ts";

/** An envelope as a socket frame and a backlog page item (the ciphertext byte-identical, in base64). */
export function envelopeFrame(row: EnvelopeRow): EnvelopeFrame {
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
