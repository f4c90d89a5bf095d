import {
  Direction,
  IdentityChange,
  IdentityKeyPair,
  IdentityKeyStore,
  type KyberPreKeyRecord,
  KyberPreKeyStore,
  type PreKeyRecord,
  PreKeyStore,
  type PrivateKey,
  type ProtocolAddress,
  type PublicKey,
  type SessionRecord,
  SessionStore,
  type SignedPreKeyRecord,
  SignedPreKeyStore,
} from "@signalapp/libsignal-client";

const addr = (a: ProtocolAddress) => `${a.name()}.${a.deviceId()}`;

/** In-memory libsignal stores of one device (what a real client keeps in its local database). */
export class MemorySessionStore extends SessionStore {
  readonly sessions = new Map<string, SessionRecord>();
  async saveSession(name: ProtocolAddress, record: SessionRecord) {
    this.sessions.set(addr(name), record);
  }
  async getSession(name: ProtocolAddress) {
    return this.sessions.get(addr(name)) ?? null;
  }
  async getExistingSessions(addresses: ProtocolAddress[]) {
    return addresses.map((a) => {
      const s = this.sessions.get(addr(a));
      if (!s) throw new Error(`no session for ${addr(a)}`);
      return s;
    });
  }
}

export class MemoryIdentityStore extends IdentityKeyStore {
  readonly known = new Map<string, PublicKey>();
  constructor(
    readonly pair: IdentityKeyPair,
    readonly registrationId: number,
  ) {
    super();
  }
  async getIdentityKey(): Promise<PrivateKey> {
    return this.pair.privateKey;
  }
  async getLocalRegistrationId() {
    return this.registrationId;
  }
  async saveIdentity(name: ProtocolAddress, key: PublicKey) {
    const before = this.known.get(addr(name));
    this.known.set(addr(name), key);
    return before && !before.equals(key) ? IdentityChange.ReplacedExisting : IdentityChange.NewOrUnchanged;
  }
  async isTrustedIdentity(name: ProtocolAddress, key: PublicKey, _direction: Direction) {
    const before = this.known.get(addr(name));
    return !before || before.equals(key);
  }
  async getIdentity(name: ProtocolAddress) {
    return this.known.get(addr(name)) ?? null;
  }
}

export class MemoryPreKeyStore extends PreKeyStore {
  readonly keys = new Map<number, PreKeyRecord>();
  async savePreKey(id: number, record: PreKeyRecord) {
    this.keys.set(id, record);
  }
  async getPreKey(id: number) {
    const k = this.keys.get(id);
    if (!k) throw new Error(`no prekey ${id}`);
    return k;
  }
  async removePreKey(id: number) {
    this.keys.delete(id);
  }
}

export class MemorySignedPreKeyStore extends SignedPreKeyStore {
  readonly keys = new Map<number, SignedPreKeyRecord>();
  async saveSignedPreKey(id: number, record: SignedPreKeyRecord) {
    this.keys.set(id, record);
  }
  async getSignedPreKey(id: number) {
    const k = this.keys.get(id);
    if (!k) throw new Error(`no signed prekey ${id}`);
    return k;
  }
}

export class MemoryKyberPreKeyStore extends KyberPreKeyStore {
  readonly keys = new Map<number, KyberPreKeyRecord>();
  async saveKyberPreKey(id: number, record: KyberPreKeyRecord) {
    this.keys.set(id, record);
  }
  async getKyberPreKey(id: number) {
    const k = this.keys.get(id);
    if (!k) throw new Error(`no kyber prekey ${id}`);
    return k;
  }
  async markKyberPreKeyUsed() {}
}

export { Direction, IdentityKeyPair };
