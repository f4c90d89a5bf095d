import {
  CiphertextMessageType,
  IdentityKeyPair,
  KEMKeyPair,
  KEMPublicKey,
  KyberPreKeyRecord,
  PreKeyBundle,
  PreKeyRecord,
  PreKeySignalMessage,
  PrivateKey,
  ProtocolAddress,
  PublicKey,
  processPreKeyBundle,
  SignalMessage,
  SignedPreKeyRecord,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
} from "@signalapp/libsignal-client";
import type { Json } from "./json.ts";
import {
  MemoryIdentityStore,
  MemoryKyberPreKeyStore,
  MemoryPreKeyStore,
  MemorySessionStore,
  MemorySignedPreKeyStore,
} from "./signal-stores.ts";

type Bytes = Uint8Array<ArrayBuffer>;
const b64 = (u: Uint8Array) => Buffer.from(u).toString("base64");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64")) as Bytes;

/** How the client reaches the server: a JSON call (method, path, token, body) → status and body. */
export type Call = (
  method: string,
  path: string,
  token?: string,
  body?: unknown,
) => Promise<{ status: number; body: Json }>;

export interface DeviceRef {
  accountId: string;
  deviceId: number;
}

/** The envelope frame a device receives (socket or backlog). */
export interface ReceivedEnvelope {
  deviceSeq: number;
  conversationId: string;
  seq: number;
  senderId: string;
  senderDeviceId: number;
  envelopeType: number;
  ciphertext: string;
}

/**
 * The reference client: one device of one account, with libsignal's X3DH/PQXDH session setup and
 * Double Ratchet, talking to realtime-chat-service's REST API. Groups are pairwise (one
 * Signal-encrypted copy per member device), so a removed member simply stops being a recipient.
 * Device discovery follows Signal: send to the sessions it knows; a 409 names missing devices
 * (claim their bundles, start sessions) and stale ones (drop their sessions); retry.
 */
export class ChatDevice {
  readonly identity = IdentityKeyPair.generate();
  readonly registrationId = 1 + Math.floor(Math.random() * 16000);
  readonly sessions = new MemorySessionStore();
  readonly identities: MemoryIdentityStore;
  readonly preKeys = new MemoryPreKeyStore();
  readonly signedPreKeys = new MemorySignedPreKeyStore();
  readonly kyberPreKeys = new MemoryKyberPreKeyStore();
  readonly address: ProtocolAddress;
  /** Devices this device has a session with, per account. */
  readonly peers = new Map<string, Set<number>>();
  private nextPreKeyId = 1;

  constructor(
    readonly accountId: string,
    readonly deviceId: number,
    readonly token: string,
    private readonly call: Call,
  ) {
    this.identities = new MemoryIdentityStore(this.identity, this.registrationId);
    this.address = ProtocolAddress.new(accountId, deviceId);
  }

  /** Generates a signed prekey, a last-resort Kyber prekey and `oneTime` one-time prekeys, and uploads them. */
  async register(oneTime = 5): Promise<void> {
    const signed = PrivateKey.generate();
    const signedPub = signed.getPublicKey();
    const signedSig = this.identity.privateKey.sign(signedPub.serialize());
    await this.signedPreKeys.saveSignedPreKey(
      1,
      SignedPreKeyRecord.new(1, Date.now(), signedPub, signed, signedSig),
    );
    const kyber = KEMKeyPair.generate();
    const kyberSig = this.identity.privateKey.sign(kyber.getPublicKey().serialize());
    await this.kyberPreKeys.saveKyberPreKey(1, KyberPreKeyRecord.new(1, Date.now(), kyber, kyberSig));
    const res = await this.call("PUT", `/api/v1/chat/devices/${this.deviceId}/keys`, this.token, {
      registrationId: this.registrationId,
      identityKey: b64(this.identity.publicKey.serialize()),
      signedPreKey: { id: 1, publicKey: b64(signedPub.serialize()), signature: b64(signedSig) },
      kyberPreKey: { id: 1, publicKey: b64(kyber.getPublicKey().serialize()), signature: b64(kyberSig) },
      oneTimePreKeys: await this.newPreKeys(oneTime),
    });
    if (res.status !== 200) throw new Error(`key upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  }

  private async newPreKeys(n: number) {
    const out: { id: number; publicKey: string }[] = [];
    for (let i = 0; i < n; i++) {
      const id = this.nextPreKeyId++;
      const k = PrivateKey.generate();
      await this.preKeys.savePreKey(id, PreKeyRecord.new(id, k.getPublicKey(), k));
      out.push({ id, publicKey: b64(k.getPublicKey().serialize()) });
    }
    return out;
  }

  /** Claims the account's bundles and starts a session with each of `only` (default: every device). */
  async startSessions(accountId: string, only?: readonly number[]): Promise<void> {
    const res = await this.call("GET", `/api/v1/chat/users/${accountId}/keys`, this.token);
    if (res.status !== 200) throw new Error(`claim failed: ${res.status} ${JSON.stringify(res.body)}`);
    for (const d of res.body.devices as Json[]) {
      if (accountId === this.accountId && d.deviceId === this.deviceId) continue;
      if (only && !only.includes(d.deviceId)) continue;
      const bundle = PreKeyBundle.new(
        d.registrationId,
        d.deviceId,
        d.oneTimePreKey?.id ?? null,
        d.oneTimePreKey ? PublicKey.deserialize(unb64(d.oneTimePreKey.publicKey)) : null,
        d.signedPreKey.id,
        PublicKey.deserialize(unb64(d.signedPreKey.publicKey)),
        unb64(d.signedPreKey.signature),
        PublicKey.deserialize(unb64(d.identityKey)),
        d.kyberPreKey.id,
        KEMPublicKey.deserialize(unb64(d.kyberPreKey.publicKey)),
        unb64(d.kyberPreKey.signature),
      );
      await processPreKeyBundle(
        bundle,
        ProtocolAddress.new(accountId, d.deviceId),
        this.address,
        this.sessions,
        this.identities,
      );
      this.known(accountId).add(d.deviceId);
    }
  }

  private known(accountId: string): Set<number> {
    const set = this.peers.get(accountId) ?? new Set<number>();
    this.peers.set(accountId, set);
    return set;
  }

  /** Encrypts `plaintext` once per known device of `accountIds` (never for this device itself). */
  async encryptFor(accountIds: readonly string[], plaintext: Uint8Array) {
    const envelopes = [];
    for (const accountId of accountIds)
      for (const deviceId of this.known(accountId)) {
        if (accountId === this.accountId && deviceId === this.deviceId) continue;
        const msg = await signalEncrypt(
          plaintext as Bytes,
          ProtocolAddress.new(accountId, deviceId),
          this.address,
          this.sessions,
          this.identities,
        );
        envelopes.push({ accountId, deviceId, type: msg.type(), ciphertext: b64(msg.serialize()) });
      }
    return envelopes;
  }

  /**
   * Sends `text` to a conversation: learns the members, starts sessions with accounts it knows no
   * device of, then posts; on 409 fixes its device list as the server says and retries.
   */
  async send(conversationId: string, text: string, clientMessageId = crypto.randomUUID()) {
    const conv = await this.call("GET", `/api/v1/chat/conversations/${conversationId}`, this.token);
    if (conv.status !== 200) throw new Error(`conversation: ${conv.status}`);
    const accounts = (conv.body.members as { accountId: string; state: string }[])
      .filter((m) => m.state === "active" || m.state === "request")
      .map((m) => m.accountId);
    for (const a of accounts)
      if (this.known(a).size === 0 && a !== this.accountId) await this.startSessions(a);
    const plaintext = new TextEncoder().encode(text);
    for (let attempt = 0; attempt < 3; attempt++) {
      const envelopes = await this.encryptFor(accounts, plaintext);
      const res = await this.call(
        "POST",
        `/api/v1/chat/conversations/${conversationId}/messages`,
        this.token,
        {
          clientMessageId,
          senderDeviceId: this.deviceId,
          envelopes,
        },
      );
      if (res.status !== 409) return res;
      for (const s of res.body.staleDevices as DeviceRef[]) this.known(s.accountId).delete(s.deviceId);
      const missing = new Map<string, number[]>();
      for (const d of res.body.missingDevices as DeviceRef[])
        missing.set(d.accountId, [...(missing.get(d.accountId) ?? []), d.deviceId]);
      for (const [accountId, deviceIds] of missing) await this.startSessions(accountId, deviceIds);
    }
    throw new Error("device list did not settle");
  }

  /** Decrypts a received envelope (PreKey message on a session's first contact, Whisper after). */
  async decrypt(e: ReceivedEnvelope): Promise<string> {
    const from = ProtocolAddress.new(e.senderId, e.senderDeviceId);
    const bytes = unb64(e.ciphertext);
    const plain =
      e.envelopeType === CiphertextMessageType.PreKey
        ? await signalDecryptPreKey(
            PreKeySignalMessage.deserialize(bytes),
            from,
            this.address,
            this.sessions,
            this.identities,
            this.preKeys,
            this.signedPreKeys,
            this.kyberPreKeys,
          )
        : await signalDecrypt(
            SignalMessage.deserialize(bytes),
            from,
            this.address,
            this.sessions,
            this.identities,
          );
    this.known(e.senderId).add(e.senderDeviceId);
    return new TextDecoder().decode(plain);
  }

  /** The device's backlog after `after` (REST; the socket sends the same frames). */
  async backlog(after = 0): Promise<ReceivedEnvelope[]> {
    const res = await this.call(
      "GET",
      `/api/v1/chat/devices/${this.deviceId}/messages?after=${after}`,
      this.token,
    );
    if (res.status !== 200) throw new Error(`backlog: ${res.status}`);
    return res.body.envelopes;
  }

  async ack(upTo: number) {
    return this.call("POST", `/api/v1/chat/devices/${this.deviceId}/ack`, this.token, { upTo });
  }
}
