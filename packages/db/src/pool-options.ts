import type { Registry } from "prom-client";

/** Back-pressure settings of a database handle; every field has a default. */
export interface PoolOptions {
  /** Callers allowed to queue for a connection before new ones are rejected; default 10 × pool size. */
  maxWaiting?: number | undefined;
  /** Longest a caller waits for a connection before it is rejected, in ms; default 5000. */
  maxWaitMs?: number | undefined;
  /** The service's registry for the nova_db_pool_* metrics; none are registered without it. */
  registry?: Registry | undefined;
}

/** The connect timeout is 5 s too: a caller never waits much longer than a connection attempt. */
export const DEFAULT_POOL_MAX_WAIT_MS = 5_000;

/** Fills in the defaults for a pool of `size` connections. */
export function resolvePoolOptions(size: number, pool: PoolOptions = {}) {
  return {
    size,
    maxWaiting: pool.maxWaiting ?? size * 10,
    maxWaitMs: pool.maxWaitMs ?? DEFAULT_POOL_MAX_WAIT_MS,
    registry: pool.registry,
  };
}
