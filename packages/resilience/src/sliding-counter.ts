import type { Clock } from "./clock.ts";

/**
 * Per-bucket tallies over a time window (e.g. 10 one-second buckets for 10 s). Old buckets are
 * dropped as time moves, so totals reflect only recent traffic.
 */
export class SlidingCounter<K extends string> {
  private readonly bucketMs: number;
  private readonly buckets: { start: number; counts: Record<K, number> }[] = [];

  constructor(
    private readonly keys: readonly K[],
    private readonly windowMs: number,
    bucketCount: number,
    private readonly clock: Clock,
  ) {
    if (windowMs <= 0 || bucketCount < 1) throw new RangeError("window and bucket count must be positive");
    this.bucketMs = windowMs / bucketCount;
  }

  /** Adds `n` to `key` in the current bucket. */
  add(key: K, n = 1): void {
    const now = this.clock.now();
    const start = now - (now % this.bucketMs);
    let last = this.buckets.at(-1);
    if (!last || last.start !== start) {
      last = { start, counts: Object.fromEntries(this.keys.map((k) => [k, 0])) as Record<K, number> };
      this.buckets.push(last);
    }
    last.counts[key] += n;
    this.evict(now);
  }

  /** Totals per key over the window ending now. */
  totals(): Record<K, number> {
    this.evict(this.clock.now());
    const out = Object.fromEntries(this.keys.map((k) => [k, 0])) as Record<K, number>;
    for (const b of this.buckets) for (const k of this.keys) out[k] += b.counts[k];
    return out;
  }

  /** Forgets everything (used when a breaker closes again). */
  reset(): void {
    this.buckets.length = 0;
  }

  private evict(now: number): void {
    while (this.buckets.length && (this.buckets[0]?.start ?? 0) + this.bucketMs <= now - this.windowMs)
      this.buckets.shift();
  }
}
