import { withTransaction } from "@nova/db";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findDevice, upsertDevice, upsertOneTimePreKeys } from "../db/key-queries.ts";
import { publishQueued, type QueuedHint, queueIdentityChanged } from "./announce-identity-changed.ts";
import { base64Schema, deviceIdSchema, fromBase64, parseInput } from "./chat-inputs.ts";
import {
  parseIdentityKey,
  verifyKyberPreKey,
  verifyOneTimePreKey,
  verifySignedPreKey,
} from "./verify-prekey-signature.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const keyId = z.number().int().min(0).max(0xffffff);
const signedKey = z.object({
  id: keyId,
  publicKey: base64Schema.max(4096),
  signature: base64Schema.max(256),
});

export const uploadKeysSchema = z.object({
  deviceId: deviceIdSchema,
  registrationId: z.number().int().min(1).max(0x3fff),
  identityKey: base64Schema.max(128),
  signedPreKey: signedKey,
  /** The last-resort Kyber prekey (PQXDH), reused when one-time keys run out. */
  kyberPreKey: signedKey.optional(),
  lastResortKey: signedKey.optional(),
  oneTimePreKeys: z
    .array(z.object({ id: keyId, publicKey: base64Schema.max(128) }))
    .max(200)
    .default([]),
});
export type UploadKeysInput = z.input<typeof uploadKeysSchema>;

/**
 * Publishes one device's key bundle. Every signature is checked with the identity key (422
 * otherwise, nothing stored). One-time prekeys are added (same id: replaced). A changed identity key
 * queues an `identity_changed` item for every device of the account's conversation partners, in the
 * same transaction (their clients show "safety number changed", even if offline now).
 */
export async function uploadKeys(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: UploadKeysInput;
}): Promise<{ deviceId: number; oneTimePreKeys: number }> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const input = parseInput(uploadKeysSchema, args.input);
  const identityBytes = fromBase64(input.identityKey);
  const identity = parseIdentityKey(identityBytes);
  const signed = {
    publicKey: fromBase64(input.signedPreKey.publicKey),
    signature: fromBase64(input.signedPreKey.signature),
  };
  verifySignedPreKey(identity, signed.publicKey, signed.signature);
  const kyberIn = input.kyberPreKey ?? input.lastResortKey;
  const kyber = kyberIn
    ? { id: kyberIn.id, publicKey: fromBase64(kyberIn.publicKey), signature: fromBase64(kyberIn.signature) }
    : undefined;
  if (kyber) verifyKyberPreKey(identity, kyber.publicKey, kyber.signature);
  const oneTime = input.oneTimePreKeys.map((k, i) => {
    const publicKey = fromBase64(k.publicKey);
    verifyOneTimePreKey(publicKey, i);
    return { keyId: k.id, publicKey };
  });
  const now = ctx.clock();
  const hints: QueuedHint[] = await withTransaction(ctx.db.db, async (tx) => {
    const before = await findDevice(tx, accountId, input.deviceId);
    await upsertDevice(
      tx,
      {
        accountId,
        deviceId: input.deviceId,
        registrationId: input.registrationId,
        identityKey: identityBytes,
        signedPreKeyId: input.signedPreKey.id,
        signedPreKey: signed.publicKey,
        signedPreKeySignature: signed.signature,
        kyberPreKeyId: kyber?.id ?? before?.kyberPreKeyId ?? null,
        kyberPreKey: kyber?.publicKey ?? before?.kyberPreKey ?? null,
        kyberPreKeySignature: kyber?.signature ?? before?.kyberPreKeySignature ?? null,
      },
      now,
    );
    await upsertOneTimePreKeys(tx, accountId, input.deviceId, oneTime);
    const changed =
      before !== undefined && !Buffer.from(before.identityKey).equals(Buffer.from(identityBytes));
    return changed ? queueIdentityChanged(tx, { accountId, deviceId: input.deviceId }, now) : [];
  });
  if (hints.length > 0) await publishQueued(ctx, hints);
  return { deviceId: input.deviceId, oneTimePreKeys: oneTime.length };
}
