/**
 * Counts in fixed time buckets (epoch ms of the bucket start → count), the shape windowed features
 * are kept in: a window sum is evaluated at read time against any "now", so the same state serves
 * online reads and point-in-time offline reads.
 */
export type Buckets = Record<string, number>;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Adds `delta` to the bucket holding `at`, dropping buckets older than `keepMs` before `at`. */
export function addToBucket(
  buckets: Buckets,
  at: number,
  delta: number,
  bucketMs: number,
  keepMs: number,
): Buckets {
  const start = Math.floor(at / bucketMs) * bucketMs;
  const next: Buckets = {};
  for (const [key, count] of Object.entries(buckets)) {
    if (Number(key) + bucketMs > at - keepMs) next[key] = count;
  }
  next[String(start)] = (next[String(start)] ?? 0) + delta;
  return next;
}

/**
 * Sum of the buckets that overlap (now - windowMs, now], never negative. Granularity is the bucket:
 * a bucket that started before the window but ends inside it counts whole.
 */
export function windowSum(buckets: Buckets, now: number, windowMs: number, bucketMs: number): number {
  let sum = 0;
  for (const [key, count] of Object.entries(buckets)) {
    const start = Number(key);
    if (start <= now && start + bucketMs > now - windowMs) sum += count;
  }
  return Math.max(0, sum);
}
