import type { z } from "zod";
import type { RateLimiter } from "./create-rate-limiter.ts";
import { parseRateWindows, type RateWindow, rateWindows } from "./rate-window.ts";

/**
 * The writes (and expensive reads) limited per account and per IP, with their default windows.
 * Services plug in the actions they serve; reports, messages and searches are ready for the
 * services that will serve them.
 */
export const WRITE_LIMIT_DEFAULTS = {
  posts: { account: "30/1m,300/1h", ip: "60/1m,600/1h" },
  comments: { account: "60/1m,600/1h", ip: "120/1m,1200/1h" },
  likes: { account: "120/1m,1000/1h", ip: "240/1m,2000/1h" },
  reposts: { account: "30/1m,300/1h", ip: "60/1m,600/1h" },
  bookmarks: { account: "120/1m,1000/1h", ip: "240/1m,2000/1h" },
  follows: { account: "30/1m,200/1h,1000/1d", ip: "60/1m,400/1h" },
  reports: { account: "10/1m,50/1d", ip: "20/1m,100/1d" },
  messages: { account: "60/1m,1000/1h", ip: "120/1m,2000/1h" },
  searches: { account: "60/1m,1000/1h", ip: "120/1m,2000/1h" },
  prekeys: { account: "60/1m,600/1h", ip: "120/1m,1200/1h" },
  conversations: { account: "20/1m,200/1h", ip: "40/1m,400/1h" },
} as const;

export type WriteAction = keyof typeof WRITE_LIMIT_DEFAULTS;

type EnvKeys<A extends WriteAction> = `RATE_LIMIT_${Uppercase<A>}` | `RATE_LIMIT_${Uppercase<A>}_PER_IP`;

/** The parsed variables of `actions` (a service's `config.extra` has them). */
export type WriteLimitEnv<A extends WriteAction> = { readonly [K in EnvKeys<A>]: readonly RateWindow[] };

/** The variable names of an action: `RATE_LIMIT_POSTS` (per account) and `RATE_LIMIT_POSTS_PER_IP`. */
export function writeLimitVariables(action: WriteAction): { account: string; ip: string } {
  const base = `RATE_LIMIT_${action.toUpperCase()}`;
  return { account: base, ip: `${base}_PER_IP` };
}

/**
 * The zod shape of the actions' variables, to extend a service's env schema with. Each takes
 * `<limit>/<window>[,…]` (e.g. `30/1m,300/1h`) or `off`; unset → WRITE_LIMIT_DEFAULTS.
 */
export function writeLimitEnv<A extends WriteAction>(
  actions: readonly A[],
): { [K in EnvKeys<A>]: z.ZodDefault<ReturnType<typeof rateWindows>> } {
  const shape: Record<string, unknown> = {};
  for (const action of actions) {
    const names = writeLimitVariables(action);
    shape[names.account] = rateWindows().default(parseRateWindows(WRITE_LIMIT_DEFAULTS[action].account));
    shape[names.ip] = rateWindows().default(parseRateWindows(WRITE_LIMIT_DEFAULTS[action].ip));
  }
  return shape as { [K in EnvKeys<A>]: z.ZodDefault<ReturnType<typeof rateWindows>> };
}

/** Who performs a limited write: the verified account, and the client IP when the request has one. */
export interface WriteActor {
  accountId: string;
  ip?: string | undefined;
}

/** Per-account and per-IP limits of a service's writes, checked in its domain verbs. */
export interface WriteLimits {
  /** Counts one `action` by `actor`, or throws RateLimitedError and counts nothing. */
  consume(action: WriteAction, actor: WriteActor): Promise<void>;
}

/** Binds the limiter to the windows parsed from a service's env (see writeLimitEnv). */
export function createWriteLimits<A extends WriteAction>(opts: {
  limiter: RateLimiter;
  env: WriteLimitEnv<A>;
  actions: readonly A[];
}): WriteLimits {
  const env = opts.env as Record<string, readonly RateWindow[] | undefined>;
  const windows = new Map(
    opts.actions.map((a) => {
      const names = writeLimitVariables(a);
      return [a as WriteAction, { account: env[names.account] ?? [], ip: env[names.ip] ?? [] }] as const;
    }),
  );
  return {
    async consume(action, actor) {
      const w = windows.get(action);
      if (!w) throw new Error(`write limit "${action}" is not configured for this service`);
      await opts.limiter.consume(action, [
        { kind: "account", id: actor.accountId, windows: w.account },
        ...(actor.ip ? [{ kind: "ip", id: actor.ip, windows: w.ip }] : []),
      ]);
    },
  };
}

/**
 * Every action's variables (per account and per IP) set to `spec`. Benches raise the limits this
 * way (e.g. `1000000/1m`) so the check still runs, and is measured, but never refuses.
 */
export function everyWriteLimit(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const action of Object.keys(WRITE_LIMIT_DEFAULTS) as WriteAction[]) {
    const names = writeLimitVariables(action);
    out[names.account] = spec;
    out[names.ip] = spec;
  }
  return out;
}
