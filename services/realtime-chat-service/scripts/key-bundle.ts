/**
 * Prints a freshly generated key upload body (libsignal: identity key, signed prekey, last-resort
 * Kyber prekey, N one-time prekeys) for trying the key directory by hand:
 *   bun run services/realtime-chat-service/scripts/key-bundle.ts 5 > bundle.json
 * The private halves are thrown away: this is for exercising the server, not for a real client
 * (test/support/chat-client.ts keeps them).
 */
import { IdentityKeyPair, KEMKeyPair, PrivateKey } from "@signalapp/libsignal-client";

const b64 = (u: Uint8Array) => Buffer.from(u).toString("base64");
const oneTime = Number(process.argv[2] ?? 5);
const identity = IdentityKeyPair.generate();
const signed = PrivateKey.generate().getPublicKey().serialize();
const kyber = KEMKeyPair.generate().getPublicKey().serialize();
console.log(
  JSON.stringify({
    registrationId: 1 + Math.floor(Math.random() * 16000),
    identityKey: b64(identity.publicKey.serialize()),
    signedPreKey: { id: 1, publicKey: b64(signed), signature: b64(identity.privateKey.sign(signed)) },
    kyberPreKey: { id: 1, publicKey: b64(kyber), signature: b64(identity.privateKey.sign(kyber)) },
    oneTimePreKeys: Array.from({ length: oneTime }, (_, i) => ({
      id: i + 1,
      publicKey: b64(PrivateKey.generate().getPublicKey().serialize()),
    })),
  }),
);
