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

/** A relayed signal (typing, receipts, safety-number changes): never stored, delivered to open sockets only. */
export interface SignalFrame {
  type: "typing" | "receipt" | "identity_changed";
  [k: string]: unknown;
}

/** What instances tell each other on the delivery channel. */
export type HubMessage =
  | { kind: "envelope"; accountId: string; deviceId: number; frame: EnvelopeFrame }
  | {
      kind: "signal";
      accountIds: string[];
      except?: { accountId: string; deviceId: number };
      frame: SignalFrame;
    }
  | { kind: "revoked"; accountId: string };
