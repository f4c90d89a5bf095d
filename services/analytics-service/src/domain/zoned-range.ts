import { InvalidArgumentError } from "@nova/errors";
import type { ZonedRange } from "../store/analytics-store.ts";

const DAY = 86_400_000;
const QUARTER = 900_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_RANGE_DAYS = 400;

// Building an Intl.DateTimeFormat costs far more than using one: one per zone, kept.
const partsFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Offset of `tz` from UTC at `at`, in ms. */
function offsetMs(at: number, tz: string): number {
  let format = partsFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormats.set(tz, format);
  }
  const parts = format.formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second")) - at;
}

/** The instant `YYYY-MM-DD` 00:00 starts in `tz`. */
export function zonedMidnight(date: string, tz: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetMs(guess, tz);
  return new Date(guess - offsetMs(first, tz));
}

/** Today's date in `tz` as `YYYY-MM-DD`. */
export function todayIn(now: Date, tz: string): string {
  let format = dayFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: tz });
    dayFormats.set(tz, format);
  }
  return format.format(now);
}

export function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz;
  } catch {
    throw new InvalidArgumentError(`tz: unknown time zone ${JSON.stringify(tz)}`, [
      { field: "tz", message: "an IANA time zone such as Europe/Paris" },
    ]);
  }
}

function checkDate(field: string, value: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new InvalidArgumentError(`${field}: expected YYYY-MM-DD`, [{ field, message: "YYYY-MM-DD" }]);
  return value;
}

/**
 * `from`..`to` (inclusive calendar days in `tz`, default the last 30 days up to today) as a
 * half-open instant range. At most MAX_RANGE_DAYS days.
 */
export function zonedRange(
  input: { from?: string; to?: string; tz?: string },
  now: Date,
  defaultDays = 30,
): ZonedRange & { fromDate: string; toDate: string } {
  const timeZone = checkTimeZone(input.tz ?? "UTC");
  const toDate = checkDate("to", input.to ?? todayIn(now, timeZone));
  const fromDate = checkDate(
    "from",
    input.from ??
      new Date(Date.parse(`${toDate}T00:00:00Z`) - (defaultDays - 1) * DAY).toISOString().slice(0, 10),
  );
  const days = (Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / DAY + 1;
  if (days < 1)
    throw new InvalidArgumentError("from: must not be after to", [{ field: "from", message: "≤ to" }]);
  if (days > MAX_RANGE_DAYS)
    throw new InvalidArgumentError(`to: at most ${MAX_RANGE_DAYS} days from from`, [
      { field: "to", message: `range ≤ ${MAX_RANGE_DAYS} days` },
    ]);
  const nextDay = new Date(Date.parse(`${toDate}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  const from = zonedMidnight(fromDate, timeZone);
  const to = zonedMidnight(nextDay, timeZone);
  // The rollups are cut in 15-minute UTC buckets: every zone's midnight today is on one, not the
  // local mean times some zones kept before ~1970 (Africa/Monrovia until 1972: UTC-0:44:30).
  if (from.getTime() % QUARTER !== 0 || to.getTime() % QUARTER !== 0)
    throw new InvalidArgumentError(`tz: ${timeZone} was not a whole quarter hour from UTC on these dates`, [
      { field: "tz", message: "an offset that is a multiple of 15 minutes on the dates asked" },
    ]);
  return {
    from,
    to,
    timeZone,
    fromDate,
    toDate,
  };
}
