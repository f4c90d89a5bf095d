import { type CacheStore, createKeyspace, type LogAppend } from "@nova/cache";
import { bands, type Fingerprint, hammingDistance } from "./simhash.ts";

/** Fingerprints at most this many bits apart are near-duplicates (the bands guarantee finding them). */
export const NEAR_DUPLICATE_BITS = 7;
/**
 * Most recent texts held per band value. A spam wave puts every copy in the same bands; without a
 * cap one check would scan the whole wave (measured: 12 ms p50 with 20k look-alike texts). The
 * newest 64 per band still hold far more than TS_DUPLICATE_MAX copies of any live wave.
 */
const MAX_PER_BAND = 64;

/** What the spam rules learn from one write: its velocity count and the near-duplicates before it. */
export interface SpamSighting {
  /** Writes by the account in the velocity window, this one included. */
  writes: number;
  /** Near-duplicates seen in the window before this text (absent when no fingerprint was given). */
  duplicates?: { count: number; accounts: number };
}

export interface SpamMemory {
  /** Records a write by the account at `now` (and its text's fingerprint, if compared). */
  record(accountId: string, fp: Fingerprint | undefined, now: number): Promise<SpamSighting>;
}

/**
 * What the spam rules remember between checks, in the shared cache so every replica counts the
 * same writes and a restart forgets nothing: each account's recent writes (a sliding-window log,
 * velocity) and recent texts' SimHash fingerprints indexed by band (near-duplicates across accounts
 * in O(candidates): eight 8-bit bands → 2,048 band logs, each the newest 64 of the window). One
 * write is one `zlogAppend` — one Lua script on Redis (one round trip), synchronous on the
 * embedded cache (dev, tests) — so the logs' trimming and TTLs are the cache's.
 */
export function createSpamMemory(
  cache: CacheStore,
  opts: { velocityWindowMs: number; duplicateWindowMs: number; velocityKeep: number; prefix?: string },
): SpamMemory {
  const keys = createKeyspace("trust-safety", 1);
  const prefix = opts.prefix ?? "";
  const velocityKey = (accountId: string) => keys.key(`${prefix}spam:writes:${accountId}`);
  const bandKey = (band: number) => keys.key(`${prefix}spam:band:${band.toString(16)}`);
  // Members must differ per write (a sorted set keeps one of equal members): this instance's id + a counter.
  const instance = crypto.randomUUID().slice(0, 8);
  let seq = 0;
  const ttlMs = Math.max(opts.velocityWindowMs, opts.duplicateWindowMs);

  return {
    async record(accountId, fp, now) {
      const id = `${instance}${(seq++).toString(36)}`;
      const logs: LogAppend[] = [
        {
          key: velocityKey(accountId),
          since: now - opts.velocityWindowMs,
          entry: { member: id, score: now },
          keep: opts.velocityKeep,
          read: "count",
        },
      ];
      if (fp) {
        // member: the fingerprint as 16 hex digits, the writer, then the write's id.
        const member = `${hex8(fp.hi)}${hex8(fp.lo)}${accountId}|${id}`;
        for (const band of bands(fp))
          logs.push({
            key: bandKey(band),
            since: now - opts.duplicateWindowMs,
            entry: { member, score: now },
            keep: MAX_PER_BAND,
            read: "members",
          });
      }
      const [writes, ...bandReads] = await cache.zlogAppend(logs, { ttlMs });
      const sighting: SpamSighting = { writes: (writes?.count ?? 0) + 1 };
      if (fp)
        sighting.duplicates = nearDuplicates(
          fp,
          bandReads.map((r) => r.members),
        );
      return sighting;
    },
  };
}

const hex8 = (n: number) => n.toString(16).padStart(8, "0");

/** The 32-bit number written by `hex8` at `from` (lower-case hex), read in place: no slices per candidate. */
function hexAt(s: string, from: number): number {
  let v = 0;
  for (let i = from; i < from + 8; i++) {
    const c = s.charCodeAt(i);
    v = (v << 4) | (c <= 57 ? c - 48 : c - 87);
  }
  return v >>> 0;
}

/**
 * Near-duplicates of `fp` among the band logs' members. Up to 8 × 64 candidates per write: only the
 * fingerprint is parsed for each; a match (a text sits in all its bands it shares) is counted once.
 */
function nearDuplicates(fp: Fingerprint, lists: readonly string[][]): { count: number; accounts: number } {
  const matched = new Set<string>();
  const accounts = new Set<string>();
  for (const list of lists)
    for (const member of list) {
      const other = { hi: hexAt(member, 0), lo: hexAt(member, 8) };
      if (hammingDistance(other, fp) > NEAR_DUPLICATE_BITS || matched.has(member)) continue;
      matched.add(member);
      accounts.add(member.slice(16, member.lastIndexOf("|")));
    }
  return { count: matched.size, accounts: accounts.size };
}
