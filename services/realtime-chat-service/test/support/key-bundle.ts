import { IdentityKeyPair, KEMKeyPair, PrivateKey } from "@signalapp/libsignal-client";

const b64 = (u: Uint8Array) => Buffer.from(u).toString("base64");

/** A valid (or deliberately broken) key upload body made with libsignal. */
export function bundle(opts: { badSignature?: boolean; badKyber?: boolean; oneTime?: number } = {}) {
  const identity = IdentityKeyPair.generate();
  const signed = PrivateKey.generate().getPublicKey().serialize();
  const sig = identity.privateKey.sign(signed);
  if (opts.badSignature) sig[5] = (sig[5] ?? 0) ^ 0xff;
  const kyber = KEMKeyPair.generate().getPublicKey().serialize();
  const kyberSig = (opts.badKyber ? IdentityKeyPair.generate() : identity).privateKey.sign(kyber);
  return {
    registrationId: 42,
    identityKey: b64(identity.publicKey.serialize()),
    signedPreKey: { id: 1, publicKey: b64(signed), signature: b64(sig) },
    kyberPreKey: { id: 7, publicKey: b64(kyber), signature: b64(kyberSig) },
    oneTimePreKeys: Array.from({ length: opts.oneTime ?? 3 }, (_, i) => ({
      id: i + 1,
      publicKey: b64(PrivateKey.generate().getPublicKey().serialize()),
    })),
  };
}
