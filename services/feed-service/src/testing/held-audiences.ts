import { createEmbeddedCacheStore, createInstanceCache, type InstanceCache } from "@nova/cache";
import type { FanOutAudience } from "../domain/fan-out-audience.ts";

/** A fresh `ctx.audiences` for unit tests (held in memory, its own embedded store). */
export function heldAudiences(): Promise<InstanceCache<FanOutAudience>> {
  return createInstanceCache<FanOutAudience>({
    store: createEmbeddedCacheStore(),
    name: "fan-out-audiences",
    maxEntries: 1_000,
    ttlMs: 60_000,
  });
}
