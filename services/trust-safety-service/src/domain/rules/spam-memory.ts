import { bands, type Fingerprint, hammingDistance } from "./simhash.ts";

/** Fingerprints at most this many bits apart are near-duplicates (the bands guarantee finding them). */
export const NEAR_DUPLICATE_BITS = 7;
/**
 * Most recent texts held per band value. A spam wave puts every copy in the same bands; without a
 * cap one check would scan the whole wave (measured: 12 ms p50 with 20k look-alike texts). The
 * newest 64 per band still hold far more than TS_DUPLICATE_MAX copies of any live wave.
 */
const MAX_PER_BAND = 64;

interface Seen {
  fp: Fingerprint;
  accountId: string;
  at: number;
}

/**
 * What the spam rules remember between checks, in this process: each account's recent write times
 * (velocity) and recent texts' SimHash fingerprints indexed by band (near-duplicates across
 * accounts in O(candidates), not O(window)). Bounded: entries older than their window are dropped
 * as they are met, and at most `maxTexts` fingerprints are held. Per replica — with several
 * replicas an account spreading writes over them is counted per replica (see README).
 */
export class SpamMemory {
  private readonly writes = new Map<string, number[]>();
  private readonly texts: Seen[] = [];
  private head = 0;
  private readonly byBand = new Map<number, Seen[]>();

  constructor(
    private readonly opts: { velocityWindowMs: number; duplicateWindowMs: number; maxTexts: number },
  ) {}

  /** Records a write by the account at `now`; returns how many it made in the velocity window (this one included). */
  recordWrite(accountId: string, now: number): number {
    const since = now - this.opts.velocityWindowMs;
    const times = (this.writes.get(accountId) ?? []).filter((t) => t > since);
    times.push(now);
    this.writes.set(accountId, times);
    if (this.writes.size > 100_000) this.sweepWrites(since);
    return times.length;
  }

  /**
   * Records a text's fingerprint; returns the near-duplicates seen in the window before it: how
   * many, and by how many distinct accounts.
   */
  recordText(accountId: string, fp: Fingerprint, now: number): { count: number; accounts: number } {
    const since = now - this.opts.duplicateWindowMs;
    const matches = new Set<Seen>();
    for (const band of bands(fp)) {
      const list = this.byBand.get(band);
      if (!list) continue;
      let live = 0;
      for (const seen of list) {
        if (seen.at <= since) continue;
        list[live++] = seen;
        if (!matches.has(seen) && hammingDistance(seen.fp, fp) <= NEAR_DUPLICATE_BITS) matches.add(seen);
      }
      list.length = live;
      if (live === 0) this.byBand.delete(band);
    }
    const entry: Seen = { fp, accountId, at: now };
    this.remember(entry);
    return { count: matches.size, accounts: new Set([...matches].map((m) => m.accountId)).size };
  }

  private remember(entry: Seen): void {
    if (this.texts.length < this.opts.maxTexts) this.texts.push(entry);
    else {
      // Ring: the oldest entry leaves its bands.
      const old = this.texts[this.head] as Seen;
      for (const band of bands(old.fp)) {
        const list = this.byBand.get(band);
        if (!list) continue;
        const i = list.indexOf(old);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.byBand.delete(band);
      }
      this.texts[this.head] = entry;
      this.head = (this.head + 1) % this.opts.maxTexts;
    }
    for (const band of bands(entry.fp)) {
      const list = this.byBand.get(band);
      if (!list) this.byBand.set(band, [entry]);
      else {
        list.push(entry);
        if (list.length > MAX_PER_BAND) list.shift();
      }
    }
  }

  private sweepWrites(since: number): void {
    for (const [id, times] of this.writes) if ((times.at(-1) ?? 0) <= since) this.writes.delete(id);
  }
}
