import type { ServiceContext } from "../context.ts";
import type { RateLimit } from "../security/rate-limiter.ts";

export type LimitedAction = "register" | "login" | "reset" | "two_factor" | "verify_email";

const MINUTE = 60_000;

/**
 * Per-IP and per-account limits of the abuse-prone actions. Per IP: AUTH_RATE_LIMIT_PER_MINUTE
 * per action; per account (or email/identifier): a third of it, at least 5 — a single account
 * has no business retrying more often than that.
 */
export function authLimits(
  ctx: ServiceContext,
  action: LimitedAction,
  who: { ip?: string; account?: string },
): RateLimit[] {
  const perIp = ctx.config.extra.AUTH_RATE_LIMIT_PER_MINUTE;
  const limits: RateLimit[] = [];
  if (who.ip) limits.push({ key: `${action}:ip:${who.ip}`, limit: perIp, windowMs: MINUTE });
  if (who.account)
    limits.push({
      key: `${action}:acct:${who.account}`,
      limit: Math.max(5, Math.floor(perIp / 3)),
      windowMs: MINUTE,
    });
  return limits;
}
