import type { AuthContext } from "@nova/auth";
import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { requireAnalyst } from "./staff-access.ts";
import { checkTimeZone, todayIn, zonedMidnight } from "./zoned-range.ts";

export interface Cohort {
  /** Monday of the signup week, YYYY-MM-DD. */
  cohort: string;
  size: number;
  /** retained[k]: share of the cohort active in week k after its signup week (k = 0: the signup week). */
  retained: number[];
}

const DAY = 86_400_000;

/**
 * Weekly signup cohorts × weeks: the last `weeks` signup weeks up to `to` (default this week), each
 * with the share of its accounts active in each of the `weeks` weeks from its signup week on.
 * Analyst or admin.
 */
export async function queryRetention(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  input: { cohort?: string; weeks?: string | number; to?: string; tz?: string };
}): Promise<{ cohort: "week"; timeZone: string; weeks: number; cohorts: Cohort[] }> {
  requireAnalyst(args.caller);
  const { ctx, input } = args;
  if ((input.cohort ?? "week") !== "week")
    throw new InvalidArgumentError("cohort: only week cohorts", [{ field: "cohort", message: "week" }]);
  const weeks = Number(input.weeks ?? 8);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52)
    throw new InvalidArgumentError("weeks: an integer 1..52", [{ field: "weeks", message: "1..52" }]);
  const timeZone = checkTimeZone(input.tz ?? "UTC");
  const toDate = input.to ?? todayIn(ctx.clock(), timeZone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(toDate) || Number.isNaN(Date.parse(`${toDate}T00:00:00Z`)))
    throw new InvalidArgumentError("to: expected YYYY-MM-DD", [{ field: "to", message: "YYYY-MM-DD" }]);
  const toDay = Date.parse(`${toDate}T00:00:00Z`);
  const monday = toDay - ((new Date(toDay).getUTCDay() + 6) % 7) * DAY;
  const firstMonday = monday - (weeks - 1) * 7 * DAY;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const range = {
    from: zonedMidnight(iso(firstMonday), timeZone),
    to: zonedMidnight(iso(monday + 7 * DAY), timeZone),
    timeZone,
  };
  const { sizes, rows } = await ctx.store.retention(range, weeks);
  const cohorts: Cohort[] = [];
  for (let w = 0; w < weeks; w++) {
    const cohort = iso(firstMonday + w * 7 * DAY);
    const size = sizes.get(cohort) ?? 0;
    // Weeks that have not started yet are left out rather than shown as 0 %.
    const elapsed = Math.min(weeks, weeks - w);
    const retained = new Array<number>(elapsed).fill(0);
    for (const r of rows)
      if (r.cohort === cohort && r.week < elapsed) retained[r.week] = size > 0 ? r.accounts / size : 0;
    cohorts.push({ cohort, size, retained });
  }
  return { cohort: "week", timeZone, weeks, cohorts };
}
