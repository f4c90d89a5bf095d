import { type AuthContext, requireAuth } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { zonedRange } from "./zoned-range.ts";

/** The signed-in account's follower growth per day (follows gained, lost, net). Own data only. */
export async function myAudience(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  input: { from?: string; to?: string; tz?: string };
}): Promise<{
  timeZone: string;
  from: string;
  to: string;
  gained: number;
  lost: number;
  days: { day: string; gained: number; lost: number; net: number }[];
}> {
  const me = requireAuth(args.caller);
  const range = zonedRange(args.input, args.ctx.clock());
  const rows = await args.ctx.store.subjectsByDay(range, [me.accountId], ["follow", "unfollow"]);
  const days = new Map<string, { day: string; gained: number; lost: number; net: number }>();
  for (const r of rows) {
    const d = days.get(r.day) ?? { day: r.day, gained: 0, lost: 0, net: 0 };
    if (r.name === "follow") d.gained += r.count;
    else d.lost += r.count;
    d.net = d.gained - d.lost;
    days.set(r.day, d);
  }
  const list = [...days.values()];
  return {
    timeZone: range.timeZone,
    from: range.fromDate,
    to: range.toDate,
    gained: list.reduce((s, d) => s + d.gained, 0),
    lost: list.reduce((s, d) => s + d.lost, 0),
    days: list,
  };
}
