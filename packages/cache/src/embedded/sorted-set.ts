import type { ScoredMember } from "../cache-store.ts";

/**
 * Redis orders equal scores by member bytes (memcmp over UTF-8). Comparing by code point gives the
 * same order as UTF-8 bytes; plain `<` on JS strings compares UTF-16 units and would differ for
 * characters above U+FFFF.
 */
export function compareMembers(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

function compare(a: ScoredMember, b: ScoredMember): number {
  return a.score - b.score || compareMembers(a.member, b.member);
}

/** An in-process sorted set: a member→score map plus an array kept in ascending (score, member) order. */
export class SortedSet {
  private readonly scores = new Map<string, number>();
  private readonly ordered: ScoredMember[] = [];

  get size(): number {
    return this.ordered.length;
  }

  /** Adds or re-scores a member; returns true when it is new. */
  add(member: string, score: number): boolean {
    const old = this.scores.get(member);
    if (old === score) return false;
    if (old !== undefined) this.ordered.splice(this.indexOf({ member, score: old }), 1);
    const entry = { member, score };
    this.ordered.splice(this.insertionPoint(entry), 0, entry);
    this.scores.set(member, score);
    return old === undefined;
  }

  remove(member: string): boolean {
    const score = this.scores.get(member);
    if (score === undefined) return false;
    this.ordered.splice(this.indexOf({ member, score }), 1);
    this.scores.delete(member);
    return true;
  }

  /** Members from highest to lowest, by rank. */
  revRange(offset: number, limit: number): ScoredMember[] {
    const out: ScoredMember[] = [];
    for (let i = this.ordered.length - 1 - offset; i >= 0 && out.length < limit; i--) {
      out.push({ ...(this.ordered[i] as ScoredMember) });
    }
    return out;
  }

  /** Members from highest to lowest with min <= score <= max (or < max), skipping `offset`. */
  revRangeByScore(
    max: number,
    min: number,
    exclusiveMax: boolean,
    offset: number,
    limit: number,
  ): ScoredMember[] {
    const out: ScoredMember[] = [];
    let skipped = 0;
    for (let i = this.ordered.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.ordered[i] as ScoredMember;
      if (e.score > max || (exclusiveMax && e.score === max)) continue;
      if (e.score < min) break;
      if (skipped++ < offset) continue;
      out.push({ ...e });
    }
    return out;
  }

  /** Every member, lowest score first (no copies of the entries). */
  members(): string[] {
    const out = new Array<string>(this.ordered.length);
    for (let i = 0; i < this.ordered.length; i++) out[i] = (this.ordered[i] as ScoredMember).member;
    return out;
  }

  /** Removes the lowest-ranked members so that at most `keep` remain; returns how many went. */
  trim(keep: number): number {
    const excess = this.ordered.length - keep;
    if (excess <= 0) return 0;
    for (const e of this.ordered.splice(0, excess)) this.scores.delete(e.member);
    return excess;
  }

  /** Removes members scored at or below `score`; returns how many went. */
  removeUpTo(score: number): number {
    const n = this.above(score).count;
    const gone = this.ordered.length - n;
    if (gone > 0) for (const e of this.ordered.splice(0, gone)) this.scores.delete(e.member);
    return gone;
  }

  /** How many members score above `score`, and the `i`-th of them (lowest first) — without copying. */
  above(score: number): { count: number; at(i: number): ScoredMember | undefined } {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid] as ScoredMember).score <= score) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    return { count: this.ordered.length - first, at: (i) => this.ordered[first + i] };
  }

  private insertionPoint(entry: ScoredMember): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.ordered[mid] as ScoredMember, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(entry: ScoredMember): number {
    return this.insertionPoint(entry);
  }
}
