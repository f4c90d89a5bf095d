import type { Database } from "@nova/db";
import type { JSONWebKeySet } from "jose";
import { publishedSigningKeys, touchSigningKey } from "../db/signing-key-queries.ts";
import type { SigningKey } from "./signing-key.ts";

/** The signing key of this replica and the key set every verifier trusts. */
export interface KeyStore {
  current(): SigningKey;
  /** Keys seen within one access-token lifetime plus a margin: the JWKS. Cached for a few seconds. */
  jwks(): Promise<JSONWebKeySet>;
  /** Replaces the signing key (rotation); the previous one stays published until its tokens expire. */
  use(key: SigningKey): Promise<void>;
  /** Records that this replica still signs with its key (called periodically). */
  heartbeat(): Promise<void>;
}

const CACHE_MS = 5_000;

export async function createKeyStore(opts: {
  db: Database;
  key: SigningKey;
  clock: () => Date;
  accessTokenTtlMs: number;
  heartbeatMs: number;
}): Promise<KeyStore> {
  let key = opts.key;
  let cached: { at: number; jwks: JSONWebKeySet } | undefined;
  // A key stays published for a token lifetime after its last use, plus two missed heartbeats.
  const horizonMs = opts.accessTokenTtlMs + 2 * opts.heartbeatMs + 60_000;
  const store: KeyStore = {
    current: () => key,
    async jwks() {
      const now = opts.clock().getTime();
      if (cached && now - cached.at < CACHE_MS) return cached.jwks;
      const keys = await publishedSigningKeys(opts.db, new Date(now - horizonMs));
      // This replica's key is always in its own set, even before its first heartbeat lands.
      if (!keys.some((k) => k.kid === key.kid)) keys.unshift(key.publicJwk);
      cached = { at: now, jwks: { keys } };
      return cached.jwks;
    },
    async use(next) {
      await store.heartbeat(); // the outgoing key's last use is now
      key = next;
      cached = undefined;
      await store.heartbeat();
    },
    async heartbeat() {
      await touchSigningKey(opts.db, key.kid, key.publicJwk, opts.clock());
    },
  };
  await store.heartbeat();
  return store;
}
