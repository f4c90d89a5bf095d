import { ALL_EVENT_NAMES } from "./event-registry.ts";

/** A funnel whose per-day answers are kept at ingest (ANALYTICS_FUNNELS). */
export interface FunnelDefinition {
  /** `app_open>post_open>like@86400000`: the steps and the window in ms, the rollup rows' key. */
  readonly key: string;
  readonly steps: readonly string[];
  readonly windowMs: number;
}

/** The funnel the product team's dashboard (and the bench) asks: app open → post open → like within a day. */
export const DEFAULT_FUNNELS = "app_open>post_open>like@24h";

const MAX_WINDOW_HOURS = 24 * 31;

export function funnelKey(steps: readonly string[], windowMs: number): string {
  return `${steps.join(">")}@${windowMs}`;
}

/**
 * Parses `a>b>c@24h;d>e@90m` (2..8 known event names, a window of 0 < w ≤ 744 h in `h` or `m`);
 * returns the definitions or the problems, one per bad entry.
 */
export function parseFunnels(spec: string): { funnels: FunnelDefinition[]; problems: string[] } {
  const funnels = new Map<string, FunnelDefinition>();
  const problems: string[] = [];
  for (const entry of spec
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([a-z_>]+)@(\d+(?:\.\d+)?)(h|m)$/.exec(entry);
    const steps = match?.[1]?.split(">") ?? [];
    const windowMs = Math.round(Number(match?.[2]) * (match?.[3] === "h" ? 3_600_000 : 60_000));
    const unknown = steps.find((s) => !ALL_EVENT_NAMES.includes(s));
    if (!match || steps.length < 2 || steps.length > 8 || unknown !== undefined)
      problems.push(
        `${JSON.stringify(entry)}: expected 2..8 known event names joined by > and @<hours>h or @<minutes>m`,
      );
    else if (!(windowMs > 0 && windowMs <= MAX_WINDOW_HOURS * 3_600_000))
      problems.push(`${JSON.stringify(entry)}: the window must be 0 < w ≤ ${MAX_WINDOW_HOURS} h`);
    else funnels.set(funnelKey(steps, windowMs), { key: funnelKey(steps, windowMs), steps, windowMs });
  }
  return { funnels: [...funnels.values()], problems };
}
