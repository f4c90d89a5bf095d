import type { Invalidation } from "./invalidation-channel.ts";

/** One load in flight: the keys an invalidation concerned while it ran collect in `hit`. */
export interface InflightLoad {
  readonly hit: ReadonlySet<string>;
  end(): void;
}

/**
 * The loads a cache has in flight, so an invalidation arriving meanwhile marks exactly the keys it
 * concerns: those are answered but not cached (the value may predate the change), every other key
 * of the load is. Per key, because the channel carries every service's invalidations — a cache
 * that dropped a whole load on any message would hardly fill under traffic.
 */
export class InflightLoads {
  private readonly loads = new Set<{ keys: readonly string[]; hit: Set<string> }>();

  start(keys: readonly string[]): InflightLoad {
    const load = { keys, hit: new Set<string>() };
    this.loads.add(load);
    return { hit: load.hit, end: () => this.loads.delete(load) };
  }

  invalidated(msg: Invalidation): void {
    for (const load of this.loads)
      for (const key of load.keys)
        if (msg.keys?.includes(key) || (msg.prefix !== undefined && key.startsWith(msg.prefix)))
          load.hit.add(key);
  }
}
