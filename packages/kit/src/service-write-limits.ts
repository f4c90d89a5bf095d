import type { CacheStore } from "@nova/cache";
import { createRateLimiter, createWriteLimits, type WriteAction, type WriteLimitEnv } from "@nova/rate-limit";
import { currentClientIp } from "@nova/server";
import type { BaseContext } from "./base-context.ts";

/** A service's write limits, as its domain verbs call them. */
export interface ServiceWriteLimits {
  /**
   * Counts one `action` by `accountId` and by the client IP of the request being served
   * (`currentClientIp()`: REST, GraphQL and Connect on the HTTP port; none on the gRPC port), or
   * throws RateLimitedError and counts nothing. Call it in the domain verb, after the input is
   * validated and before anything is written, so every door shares it.
   */
  consume(action: WriteAction, accountId: string): Promise<void>;
}

/**
 * The write limits of `actions` from the service's env (its schema extended with
 * `writeLimitEnv(actions)`), counted in `store` under `nova:<service>:rl:`.
 */
export function createServiceWriteLimits<A extends WriteAction>(
  ctx: BaseContext,
  store: CacheStore,
  actions: readonly A[],
  env: WriteLimitEnv<A>,
): ServiceWriteLimits {
  const limits = createWriteLimits({
    limiter: createRateLimiter({
      store,
      prefix: `nova:${ctx.config.service.name}:rl:`,
      now: () => ctx.clock().getTime(),
      onError: (err) => ctx.log.warn("write limits unavailable; letting the write through", { err }),
    }),
    env,
    actions,
  });
  return {
    consume: (action, accountId) => limits.consume(action, { accountId, ip: currentClientIp() }),
  };
}
