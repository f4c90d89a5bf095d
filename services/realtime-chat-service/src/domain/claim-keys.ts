import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findDevices, takeOneTimePreKey } from "../db/key-queries.ts";
import { accountIdSchema, parseInput, toBase64 } from "./chat-inputs.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

export interface DeviceBundle {
  deviceId: number;
  registrationId: number;
  identityKey: string;
  signedPreKey: { id: number; publicKey: string; signature: string };
  kyberPreKey: { id: number; publicKey: string; signature: string } | null;
  /** null when the device has none left: the session starts from the signed (and last-resort Kyber) prekey. */
  oneTimePreKey: { id: number; publicKey: string } | null;
}

/**
 * One bundle per device of `accountId`, each consuming exactly one one-time prekey (taken and deleted
 * atomically, so concurrent claims never share one). Rate limited per claimer; a blocked pair gets 404
 * (as if the account had no keys), so keys cannot be drained by someone who may not message anyway.
 */
export async function claimKeys(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { accountId: string };
}): Promise<{ accountId: string; devices: DeviceBundle[] }> {
  const { ctx } = args;
  const claimer = requireViewer(args.viewer);
  const accountId = parseInput(accountIdSchema, args.input.accountId);
  await ctx.writeLimits.consume("prekeys", claimer);
  if (claimer !== accountId) {
    const rel = (await ctx.graph.relationships(claimer, [accountId])).get(accountId);
    if (rel?.blocked) throw new NotFoundError("key bundle");
  }
  const rows = await findDevices(ctx.db.db, accountId);
  if (rows.length === 0) throw new NotFoundError("key bundle");
  const devices = await Promise.all(
    rows.map(async (d): Promise<DeviceBundle> => {
      const otk = await takeOneTimePreKey(ctx.db.db, accountId, d.deviceId);
      ctx.chatMetrics.prekeyClaims.inc({ kind: otk ? "one_time" : "last_resort" });
      return {
        deviceId: d.deviceId,
        registrationId: d.registrationId,
        identityKey: toBase64(d.identityKey),
        signedPreKey: {
          id: d.signedPreKeyId,
          publicKey: toBase64(d.signedPreKey),
          signature: toBase64(d.signedPreKeySignature),
        },
        kyberPreKey:
          d.kyberPreKeyId !== null && d.kyberPreKey && d.kyberPreKeySignature
            ? {
                id: d.kyberPreKeyId,
                publicKey: toBase64(d.kyberPreKey),
                signature: toBase64(d.kyberPreKeySignature),
              }
            : null,
        oneTimePreKey: otk ? { id: otk.keyId, publicKey: toBase64(otk.publicKey) } : null,
      };
    }),
  );
  return { accountId, devices };
}
