import { type CacheStore, createKeyspace } from "@nova/cache";
import type { StateAt } from "../domain/entity-state.ts";
import type { EntityType } from "../domain/entity-types.ts";
import type { StateChange } from "../domain/materialise-event.ts";
import { DAY_MS } from "../domain/time-buckets.ts";

/** How long a cached state lives without a change; a miss reloads it from the state table. */
export const ONLINE_TTL_MS = 8 * DAY_MS;

/**
 * The online store: entity states on the cache port (Redis when REDIS_URL is set, the embedded
 * store otherwise), one key per entity, read in one MGET per request. The state table stays the
 * source of truth: a miss (eviction, TTL, a cold Redis) is filled from it.
 */
export interface OnlineStore {
  getMany(entityType: EntityType, entityIds: readonly string[]): Promise<(StateAt | undefined)[]>;
  /** Caches states; `ttlMs` shortens the lifetime (fills of misses, which may race a newer write). */
  put(
    changes: ReadonlyArray<Pick<StateChange, "entityType" | "entityId" | "state" | "validFrom" | "version">>,
    ttlMs?: number,
  ): Promise<void>;
  clear(): Promise<number>;
}

export function createOnlineStore(cache: CacheStore): OnlineStore {
  const keys = createKeyspace("feature-store", 1);
  return {
    getMany(entityType, entityIds) {
      if (entityIds.length === 0) return Promise.resolve([]);
      return cache.mget<StateAt>(entityIds.map((id) => keys.key(entityType, id)));
    },
    async put(changes, ttlMs = ONLINE_TTL_MS) {
      if (changes.length === 0) return;
      await cache.mset(
        changes.map((c) => [
          keys.key(c.entityType, c.entityId),
          { state: c.state, validFrom: c.validFrom, version: c.version },
        ]),
        { ttlMs },
      );
    },
    clear() {
      return cache.deleteByPrefix(keys.prefix);
    },
  };
}
