import type { RateWindow } from "./rate-window.ts";

/** One quota policy as the `RateLimit-Policy` field names it. */
export interface NamedPolicy extends RateWindow {
  name: string;
}

/**
 * The `RateLimit-Policy` field (draft-ietf-httpapi-ratelimit-headers-10..12, a Structured Fields
 * list): each policy as `"name";q=<quota>;w=<window seconds>`.
 */
export function formatRateLimitPolicy(policies: readonly NamedPolicy[]): string {
  return policies.map((p) => `"${p.name}";q=${p.limit};w=${Math.ceil(p.windowMs / 1000)}`).join(", ");
}

/** The `RateLimit` field: each policy's remaining quota and seconds until it grows, `"name";r=<n>;t=<s>`. */
export function formatRateLimit(
  states: readonly { name: string; remaining: number; resetSeconds: number }[],
): string {
  return states
    .map((s) => `"${s.name}";r=${Math.max(0, s.remaining)};t=${Math.max(0, s.resetSeconds)}`)
    .join(", ");
}
