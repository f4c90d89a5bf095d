import type { AuthContext } from "@nova/auth";
import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import type { Bucket, Granularity } from "../store/analytics-store.ts";
import { requireAnalyst } from "./staff-access.ts";
import { zonedRange } from "./zoned-range.ts";

const GRANULARITIES: readonly Granularity[] = ["day", "week", "month"];

export interface ActiveUsers {
  granularity: Granularity;
  timeZone: string;
  from: string;
  to: string;
  /** Distinct signed-in accounts active in each bucket (any client or domain event). */
  buckets: Bucket[];
  /** Mean of the daily actives over the range's days. */
  averageDau: number;
  /** Distinct accounts active over the 30 days ending `to`. */
  mau: number;
  /** averageDau of the 30 days ending `to` / mau (0 when nobody was active). */
  stickiness: number;
}

/** DAU/WAU/MAU over a range in a time zone, from the hourly active-accounts rollup. Analyst or admin. */
export async function queryActiveUsers(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  input: { granularity?: string; from?: string; to?: string; tz?: string };
}): Promise<ActiveUsers> {
  requireAnalyst(args.caller);
  const { ctx, input } = args;
  const granularity = (input.granularity ?? "day") as Granularity;
  if (!GRANULARITIES.includes(granularity))
    throw new InvalidArgumentError("granularity: day, week or month", [
      { field: "granularity", message: "day, week or month" },
    ]);
  const range = zonedRange(input, ctx.clock());
  const month = zonedRange({ to: range.toDate, tz: range.timeZone }, ctx.clock(), 30);
  const [buckets, days, dailyOfMonth, mau] = await Promise.all([
    ctx.store.activeUsers(range, granularity),
    granularity === "day" ? Promise.resolve(undefined) : ctx.store.activeUsers(range, "day"),
    ctx.store.activeUsers(month, "day"),
    ctx.store.distinctActive(month),
  ]);
  const daily = days ?? buckets;
  const spanDays = Math.round((range.to.getTime() - range.from.getTime()) / 86_400_000);
  const mean = (list: Bucket[], n: number) => (n > 0 ? list.reduce((s, b) => s + b.activeUsers, 0) / n : 0);
  const monthMean = mean(dailyOfMonth, 30);
  return {
    granularity,
    timeZone: range.timeZone,
    from: range.fromDate,
    to: range.toDate,
    buckets,
    averageDau: mean(daily, spanDays),
    mau,
    stickiness: mau > 0 ? monthMean / mau : 0,
  };
}
