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
/** An entity the state table has no row for, remembered so the next read does not ask again. */
export const ABSENT = "absent" as const;

export interface OnlineStore {
  /** Per id: its cached state, ABSENT (known to have none), or undefined (not cached). */
  getMany(
    entityType: EntityType,
    entityIds: readonly string[],
  ): Promise<(StateAt | typeof ABSENT | undefined)[]>;
  /** Caches states; `ttlMs` shortens the lifetime (fills of misses, which may race a newer write). */
  put(
    changes: ReadonlyArray<Pick<StateChange, "entityType" | "entityId" | "state" | "validFrom" | "version">>,
    ttlMs?: number,
  ): Promise<void>;
  /** Remembers for `ttlMs` that these entities have no state (a later `put` replaces the mark). */
  putAbsent(entityType: EntityType, entityIds: readonly string[], ttlMs: number): Promise<void>;
  /** Drops the cached states (and absent marks) of these entities. */
  forget(entities: readonly { entityType: EntityType; entityId: string }[]): Promise<void>;
  clear(): Promise<number>;
}

export function createOnlineStore(cache: CacheStore): OnlineStore {
  const keys = createKeyspace("feature-store", 1);
  return {
    async getMany(entityType, entityIds) {
      if (entityIds.length === 0) return [];
      const found = await cache.mget<StateAt | { absent: true }>(
        entityIds.map((id) => keys.key(entityType, id)),
      );
      return found.map((v) => (v && "absent" in v ? ABSENT : v));
    },
    async putAbsent(entityType, entityIds, ttlMs) {
      if (entityIds.length === 0) return;
      await cache.mset(
        entityIds.map((id) => [keys.key(entityType, id), { absent: true }]),
        { ttlMs },
      );
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
    async forget(entities) {
      if (entities.length === 0) return;
      await cache.delete(...entities.map((e) => keys.key(e.entityType, e.entityId)));
    },
    clear() {
      return cache.deleteByPrefix(keys.prefix);
    },
  };
}
