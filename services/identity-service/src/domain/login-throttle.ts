import { RateLimitedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";

/**
 * Failed-login throttling that a stranger cannot turn against an account's owner. Failures are
 * counted per scope, never per account alone:
 *
 * - `pair`: one address × one account (or unknown identifier) — the attacker's own attempts;
 * - `device`: one known device (a valid device token) — only its own failures slow it;
 * - `account`: an account's failures from unknown devices, across every address — a botnet; it
 *   slows new devices only, so the owner's known devices still get in;
 * - `ip`: one address's failures across accounts — credential stuffing.
 *
 * After a scope's free failures each further failure doubles its delay (1 s, 2 s, 4 s … up to
 * LOGIN_LOCKOUT_DURATION); a login inside the delay is a 429 with Retry-After. Counters live in the
 * cache (shared by replicas) for LOGIN_FAILURE_WINDOW; a success clears its pair/device scope.
 */
export type ThrottleScope = { kind: "pair" | "device" | "account" | "ip"; id: string };

const base = (s: ThrottleScope) => `identity:login-throttle:${s.kind}:${s.id}`;
/** The scope's failure counter (atomic increments: concurrent failures all count). */
const countKey = (s: ThrottleScope) => `${base(s)}:n`;
/** Epoch ms (service clock) until which the scope waits. */
const untilKey = (s: ThrottleScope) => `${base(s)}:until`;

function freeFailures(ctx: ServiceContext, s: ThrottleScope): number {
  const x = ctx.config.extra;
  if (s.kind === "account") return x.LOGIN_ACCOUNT_FAILURE_LIMIT;
  if (s.kind === "ip") return x.LOGIN_IP_FAILURE_LIMIT;
  return x.LOGIN_LOCKOUT_THRESHOLD;
}

/** Throws RateLimitedError when any scope is inside its delay. */
export async function checkLoginThrottle(
  ctx: ServiceContext,
  scopes: readonly ThrottleScope[],
): Promise<void> {
  const now = ctx.clock().getTime();
  const states = await ctx.cache.mget<number>(scopes.map(untilKey));
  const until = Math.max(0, ...states.map((s) => s ?? 0));
  if (until > now)
    throw new RateLimitedError(Math.ceil((until - now) / 1000), "too many failed logins; try again later");
}

/** Counts one failure in every scope and starts or doubles the delay of those past their free failures. */
export async function recordLoginFailure(
  ctx: ServiceContext,
  scopes: readonly ThrottleScope[],
): Promise<void> {
  const now = ctx.clock().getTime();
  const { LOGIN_LOCKOUT_DURATION: maxDelay, LOGIN_FAILURE_WINDOW: window } = ctx.config.extra;
  const ttlMs = Math.max(window, maxDelay);
  await Promise.all(
    scopes.map(async (s) => {
      const failures = await ctx.cache.incr(countKey(s), { ttlMs });
      const over = failures - freeFailures(ctx, s);
      if (over < 0) return;
      await ctx.cache.set(untilKey(s), now + Math.min(maxDelay, 1000 * 2 ** Math.min(over, 30)), { ttlMs });
    }),
  );
}

/** Forgets a scope's failures (after a successful login from it). */
export async function clearLoginThrottle(
  ctx: ServiceContext,
  scopes: readonly ThrottleScope[],
): Promise<void> {
  if (scopes.length > 0) await ctx.cache.delete(...scopes.flatMap((s) => [countKey(s), untilKey(s)]));
}
