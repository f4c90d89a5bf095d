import type { DatabaseHandle } from "@nova/db";
import { type BlockedHashRow, mediaHashBlocklist } from "../db/schema/index.ts";

/** A 64-bit image hash as Check carries it: 16 hex digits. */
export const MEDIA_HASH = /^[0-9a-fA-F]{16}$/;

/** Bits that differ between two 64-bit hashes. */
export function hammingDistance(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let bits = 0;
  while (x) {
    x &= x - 1n;
    bits++;
  }
  return bits;
}

export interface BlockedHashMatch {
  entry: BlockedHashRow;
  distance: number;
}

/**
 * The admins' hash blocklist in this replica's memory, for Check: read whole (hundreds to a few
 * thousand entries; a linear Hamming scan of 64-bit integers is microseconds), re-read every
 * `refreshMs` (other replicas' changes) and at once after this replica's own (`invalidate`).
 */
export interface MediaHashIndex {
  /** The closest blocklisted hash within `maxDistance` bits, if any. */
  match(hash: string, maxDistance: number): Promise<BlockedHashMatch | undefined>;
  invalidate(): void;
}

export function createMediaHashIndex(
  db: DatabaseHandle,
  opts: { refreshMs: number; clock: () => Date },
): MediaHashIndex {
  let loaded: { at: number; entries: Promise<{ row: BlockedHashRow; bits: bigint }[]> } | undefined;
  const entries = () => {
    const now = opts.clock().getTime();
    if (!loaded || now - loaded.at >= opts.refreshMs || now < loaded.at) {
      const taken = {
        at: now,
        entries: db.db
          .select()
          .from(mediaHashBlocklist)
          .then((rows) => rows.map((row) => ({ row, bits: BigInt(`0x${row.hash}`) }))),
      };
      loaded = taken;
      // A failed read is not kept: the next check reads again.
      taken.entries.catch(() => {
        if (loaded === taken) loaded = undefined;
      });
    }
    return loaded.entries;
  };
  return {
    async match(hash, maxDistance) {
      const bits = BigInt(`0x${hash}`);
      let best: BlockedHashMatch | undefined;
      for (const e of await entries()) {
        const distance = hammingDistance(bits, e.bits);
        if (distance <= maxDistance && (!best || distance < best.distance)) best = { entry: e.row, distance };
      }
      return best;
    },
    invalidate() {
      loaded = undefined;
    },
  };
}
