import { DomainError } from "@nova/errors";
import { KEMPublicKey, PublicKey } from "@signalapp/libsignal-client";

type Bytes = Uint8Array<ArrayBuffer>;
const b = (u: Uint8Array): Bytes => u as Bytes;

/** 422: a key or signature that does not verify (the request was well-formed, its content is not). */
export class UnverifiedKeyError extends DomainError {
  constructor(field: string, message: string) {
    super("invalid_argument", message, { violations: [{ field, message }] });
  }
}

/** The identity key, parsed; a malformed one is a 422 naming the field. */
export function parseIdentityKey(bytes: Uint8Array): PublicKey {
  try {
    return PublicKey.deserialize(b(bytes));
  } catch {
    throw new UnverifiedKeyError("identityKey", "not a valid identity public key");
  }
}

/** Checks a signed EC prekey (as libsignal signs it: over the serialized public key) against the identity. */
export function verifySignedPreKey(identity: PublicKey, publicKey: Uint8Array, signature: Uint8Array): void {
  try {
    PublicKey.deserialize(b(publicKey));
  } catch {
    throw new UnverifiedKeyError("signedPreKey.publicKey", "not a valid EC public key");
  }
  if (!identity.verify(b(publicKey), b(signature)))
    throw new UnverifiedKeyError("signedPreKey.signature", "signature does not verify with the identity key");
}

/** Checks a signed Kyber prekey (the last-resort key) against the identity. */
export function verifyKyberPreKey(identity: PublicKey, publicKey: Uint8Array, signature: Uint8Array): void {
  try {
    KEMPublicKey.deserialize(b(publicKey));
  } catch {
    throw new UnverifiedKeyError("kyberPreKey.publicKey", "not a valid Kyber public key");
  }
  if (!identity.verify(b(publicKey), b(signature)))
    throw new UnverifiedKeyError("kyberPreKey.signature", "signature does not verify with the identity key");
}

/** Checks a one-time EC prekey parses. */
export function verifyOneTimePreKey(publicKey: Uint8Array, index: number): void {
  try {
    PublicKey.deserialize(b(publicKey));
  } catch {
    throw new UnverifiedKeyError(`oneTimePreKeys.${index}.publicKey`, "not a valid EC public key");
  }
}
