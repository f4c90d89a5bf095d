import type { AuthContext } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { requireAnalyst } from "./staff-access.ts";
import { zonedRange } from "./zoned-range.ts";

const COUNTED = ["post", "like", "comment", "repost", "follow"] as const;

export interface EngagementDay {
  day: string;
  posts: number;
  likes: number;
  comments: number;
  reposts: number;
  follows: number;
}

export interface SurfaceStats {
  surface: string;
  impressions: number;
  opens: number;
  /** opens / impressions on this surface (0 without impressions). */
  clickThrough: number;
}

/** Posts, likes, comments, reposts, follows per day and per-surface impressions/CTR. Analyst or admin. */
export async function queryEngagement(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  input: { from?: string; to?: string; tz?: string };
}): Promise<{ timeZone: string; from: string; to: string; days: EngagementDay[]; surfaces: SurfaceStats[] }> {
  requireAnalyst(args.caller);
  const range = zonedRange(args.input, args.ctx.clock());
  const rows = await args.ctx.store.metricsByDay(range, [...COUNTED, "post_impression", "post_open"]);
  const days = new Map<string, EngagementDay>();
  const surfaces = new Map<string, SurfaceStats>();
  for (const r of rows) {
    if (r.name === "post_impression" || r.name === "post_open") {
      const key = r.surface || "unknown";
      const s = surfaces.get(key) ?? { surface: key, impressions: 0, opens: 0, clickThrough: 0 };
      if (r.name === "post_impression") s.impressions += r.count;
      else s.opens += r.count;
      surfaces.set(key, s);
      continue;
    }
    const d = days.get(r.day) ?? { day: r.day, posts: 0, likes: 0, comments: 0, reposts: 0, follows: 0 };
    const field = `${r.name}s` as keyof Omit<EngagementDay, "day">;
    d[field] += r.count;
    days.set(r.day, d);
  }
  for (const s of surfaces.values()) s.clickThrough = s.impressions > 0 ? s.opens / s.impressions : 0;
  return {
    timeZone: range.timeZone,
    from: range.fromDate,
    to: range.toDate,
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    surfaces: [...surfaces.values()].sort((a, b) => a.surface.localeCompare(b.surface)),
  };
}
