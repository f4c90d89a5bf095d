import { todayIn, zonedMidnight } from "../domain/zoned-range.ts";

const DAY = 86_400_000;

/**
 * The local Monday midnights in `tz` from the week containing `from` until the first one at or
 * after `untilMs`, each with its date (`YYYY-MM-DD`) and instant.
 */
export function localMondays(from: Date, untilMs: number, tz: string): { date: string; at: Date }[] {
  const local = Date.parse(`${todayIn(from, tz)}T00:00:00Z`);
  let monday = local - ((new Date(local).getUTCDay() + 6) % 7) * DAY;
  const out: { date: string; at: Date }[] = [];
  for (let guard = 0; guard < 200; guard++) {
    const date = new Date(monday).toISOString().slice(0, 10);
    const at = zonedMidnight(date, tz);
    out.push({ date, at });
    if (at.getTime() >= untilMs) break;
    monday += 7 * DAY;
  }
  return out;
}
