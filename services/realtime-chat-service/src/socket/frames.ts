/** What the server sends on a chat socket (JSON text frames). */
export interface EnvelopeFrame {
  type: "envelope";
  deviceSeq: number;
  conversationId: string;
  seq: number;
  senderId: string;
  senderDeviceId: number;
  envelopeType: number;
  /** base64 of the opaque ciphertext, byte-identical to what the sender posted. */
  ciphertext: string;
  sentAt: string;
}

/**
 * "Safety number changed": a partner's device has a new identity key. Server-generated and stored in
 * the device's own delivery queue (same deviceSeq stream as envelopes, acknowledged like them), so
 * an offline device gets it on connect/resume. `conversationId`: one conversation shared with them.
 */
export interface IdentityChangedFrame {
  type: "identity_changed";
  deviceSeq: number;
  accountId: string;
  deviceId: number;
  conversationId: string;
  changedAt: string;
}

/** Whatever a device's delivery queue holds, in deviceSeq order. */
export type QueuedFrame = EnvelopeFrame | IdentityChangedFrame;

/** A relayed signal (typing, receipts): never stored, delivered to open sockets only. */
export interface SignalFrame {
  type: "typing" | "receipt";
  [k: string]: unknown;
}

/** What instances tell each other on the delivery channel. */
export type HubMessage =
  | { kind: "envelope"; accountId: string; deviceId: number; frame: QueuedFrame }
  | {
      kind: "signal";
      accountIds: string[];
      except?: { accountId: string; deviceId: number };
      frame: SignalFrame;
    }
  | { kind: "revoked"; accountId: string };
