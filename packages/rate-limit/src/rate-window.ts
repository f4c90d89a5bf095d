import { z } from "zod";

/** At most `limit` events in any `windowMs` span (a sliding window). */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A window's length as a short label: 1m, 1h, 1d, or seconds (90s). */
export function windowLabel(windowMs: number): string {
  for (const [unit, ms] of [
    ["d", UNIT_MS.d],
    ["h", UNIT_MS.h],
    ["m", UNIT_MS.m],
  ] as const)
    if (windowMs % ms === 0) return `${windowMs / ms}${unit}`;
  return `${Math.ceil(windowMs / 1000)}s`;
}

/**
 * Parses `30/1m,300/1h` (limit per window; units s, m, h, d) into windows, longest last.
 * Throws an Error naming the bad part.
 */
export function parseRateWindows(spec: string): RateWindow[] {
  const windows: RateWindow[] = [];
  for (const part of spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,7})\/(\d{1,5})([smhd])$/.exec(part);
    const limit = Number(m?.[1]);
    const windowMs = Number(m?.[2]) * UNIT_MS[(m?.[3] ?? "s") as keyof typeof UNIT_MS];
    if (!m || limit < 1 || windowMs < 1000)
      throw new Error(`"${part}" is not <limit>/<window> like 30/1m (units s, m, h, d)`);
    windows.push({ limit, windowMs });
  }
  if (windows.length === 0) throw new Error("no window given (e.g. 30/1m,300/1h)");
  return windows.sort((a, b) => a.windowMs - b.windowMs);
}

/** A rate-limit variable as a zod type: `30/1m,300/1h` → windows, or `off` → no limit ([]). */
export const rateWindows = () =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v.toLowerCase() === "off") return [] as RateWindow[];
      try {
        return parseRateWindows(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    });
