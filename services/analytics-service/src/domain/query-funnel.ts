import type { AuthContext } from "@nova/auth";
import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { ALL_EVENT_NAMES } from "./event-registry.ts";
import { requireAnalyst } from "./staff-access.ts";
import { zonedRange } from "./zoned-range.ts";

export interface FunnelStep {
  name: string;
  /** Actors (accounts, or anonymous devices) that reached this step in order within the window. */
  actors: number;
  /** actors / the previous step's actors (1 for the first step). */
  fromPrevious: number;
  /** actors / the first step's actors. */
  fromFirst: number;
}

/**
 * An ordered funnel (`steps=app_open,post_open,like`): each step strictly after the previous one,
 * all within `windowHours` (default 24) of the first. Reads the raw events of the step names in
 * the range, or a configured funnel's kept per-day answers. Analyst or admin.
 */
export async function queryFunnel(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  input: { steps?: string; windowHours?: string | number; from?: string; to?: string; tz?: string };
}): Promise<{ timeZone: string; from: string; to: string; windowHours: number; steps: FunnelStep[] }> {
  requireAnalyst(args.caller);
  const { ctx, input } = args;
  const steps = (input.steps ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (steps.length < 2 || steps.length > 8)
    throw new InvalidArgumentError("steps: 2..8 comma-separated event names", [
      { field: "steps", message: "2..8 names" },
    ]);
  const unknown = steps.find((s) => !ALL_EVENT_NAMES.includes(s));
  if (unknown)
    throw new InvalidArgumentError(`steps: unknown event ${JSON.stringify(unknown)}`, [
      { field: "steps", message: `one of ${ALL_EVENT_NAMES.join(", ")}` },
    ]);
  const windowHours = Number(input.windowHours ?? 24);
  if (!Number.isFinite(windowHours) || windowHours <= 0 || windowHours > 24 * 31)
    throw new InvalidArgumentError("windowHours: 0 < h ≤ 744", [
      { field: "windowHours", message: "0 < h ≤ 744" },
    ]);
  const range = zonedRange(input, ctx.clock(), 7);
  const counts = await ctx.store.funnel({ ...range, steps, windowMs: Math.round(windowHours * 3_600_000) });
  const first = counts[0] ?? 0;
  return {
    timeZone: range.timeZone,
    from: range.fromDate,
    to: range.toDate,
    windowHours,
    steps: steps.map((name, i) => {
      const actors = counts[i] ?? 0;
      const previous = i === 0 ? actors : (counts[i - 1] ?? 0);
      return {
        name,
        actors,
        fromPrevious: previous > 0 ? actors / previous : 0,
        fromFirst: first > 0 ? actors / first : 0,
      };
    }),
  };
}
