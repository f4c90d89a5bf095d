import { todayIn, zonedMidnight } from "../domain/zoned-range.ts";

const DAY = 86_400_000;

/** One actor's step event: its name and instant (epoch ms). */
export interface StepEvent {
  readonly name: string;
  readonly at: number;
}

// A backfill asks the same few hundred (zone, day) midnights hundreds of thousands of times.
const midnights = new Map<string, number>();
/** `zonedMidnight` in epoch ms, remembered. */
export function midnight(date: string, zone: string): number {
  const key = `${zone}|${date}`;
  let at = midnights.get(key);
  if (at === undefined) {
    at = zonedMidnight(date, zone).getTime();
    if (midnights.size > 100_000) midnights.clear();
    midnights.set(key, at);
  }
  return at;
}

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/**
 * How many day ends after its start day a chain started on local day `date` can reach: the least
 * k ≥ 1 with midnight(date + k + 1) ≥ midnight(date + 1) + window (a 23-hour day can need one more).
 * The rollups keep cuts 0..k; a range ending later than cut k reads cut k (nothing is cut any more).
 */
export function lastCut(date: string, zone: string, windowMs: number): number {
  const end = midnight(addDays(date, 1), zone) + windowMs;
  let k = 1;
  while (midnight(addDays(date, k + 1), zone) < end) k++;
  return k;
}

/**
 * The instants of the chain that starts at `own[start]` (`own`: one actor's events sorted by time):
 * step k is the first occurrence of its name strictly after step k-1, all within `windowMs` of the
 * start — `funnelCounts`' rule (kept apart from it so that the brute-force test stays independent).
 * Greedy is optimal for one start, and the chain cut at an instant is this chain's prefix before it.
 */
function chainFrom(own: readonly StepEvent[], start: number, steps: readonly string[], windowMs: number) {
  const first = own[start] as StepEvent;
  const reached = [first.at];
  for (let k = start + 1; k < own.length && reached.length < steps.length; k++) {
    const e = own[k] as StepEvent;
    if (e.at - first.at > windowMs) break;
    if (e.name === steps[reached.length] && e.at > (reached.at(-1) as number)) reached.push(e.at);
  }
  return reached;
}

/**
 * For one actor and one local start day of `zone`: the level reached (0..steps) by its best chain
 * starting that day, with the chain's events cut at the end of day date+k, for k = 0..lastCut.
 * `own` must hold the actor's step events from the day's start to its end plus the window, by time.
 */
export function dayLevels(
  own: readonly StepEvent[],
  date: string,
  zone: string,
  steps: readonly string[],
  windowMs: number,
): number[] {
  const from = midnight(date, zone);
  const cuts = Array.from({ length: lastCut(date, zone, windowMs) + 1 }, (_, k) =>
    midnight(addDays(date, k + 1), zone),
  );
  const levels = cuts.map(() => 0);
  const to = cuts[0] as number;
  for (let s = 0; s < own.length; s++) {
    const e = own[s] as StepEvent;
    if (e.at < from || e.at >= to || e.name !== steps[0]) continue;
    const chain = chainFrom(own, s, steps, windowMs);
    cuts.forEach((cut, k) => {
      const level = chain.filter((t) => t < cut).length;
      if (level > (levels[k] as number)) levels[k] = level;
    });
  }
  return levels;
}

/** The local days of `zone` whose chains an event at `at` may belong to: from the day of at−window to the day of at. */
export function startDaysOf(at: number, zone: string, windowMs: number): string[] {
  const last = todayIn(new Date(at), zone);
  const days: string[] = [];
  for (let d = todayIn(new Date(at - windowMs), zone); d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}
