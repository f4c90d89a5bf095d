import { createKeyspace, type LoadOptions, manyById, type TwoLevelCache } from "@nova/cache";
import type { Database } from "@nova/db";
import { findProfileIdsByUsernames, findProfileRecords } from "../db/profile-queries.ts";
import type { ProfileRecord } from "./profile-record.ts";

/** Bump when ProfileRecord's shape changes, so old and new code never read each other's JSON. */
const keyspace = createKeyspace("user-service", 1);
const profileKey = (id: string) => keyspace.key("profile", id);
const usernameKey = (username: string) => keyspace.key("username", username);

/** Cached profile lookups by id and by username key, and their invalidation after a change. */
export interface ProfileDirectory {
  byIds(ids: readonly string[]): Promise<Map<string, ProfileRecord>>;
  /** Keyed by canonical username (@nova/usernames). */
  byUsernames(usernames: readonly string[]): Promise<Map<string, ProfileRecord>>;
  /** Drops a profile and the usernames it held or now holds, on every instance. */
  invalidate(id: string, usernames: readonly string[]): Promise<void>;
}

export function createProfileDirectory(opts: {
  db: Database;
  cache: TwoLevelCache;
  ttlMs: number;
}): ProfileDirectory {
  // "Not found" is cached briefly: unknown ids are common (deleted accounts, typos in mentions).
  const options: LoadOptions = { ttlMs: opts.ttlMs, negativeTtlMs: Math.min(opts.ttlMs, 30_000) };

  const byIds = (ids: readonly string[]) =>
    manyById<ProfileRecord>(
      ids,
      profileKey,
      (keys, load) => opts.cache.getManyOrLoad(keys, load, options),
      async (wanted) => new Map((await findProfileRecords(opts.db, wanted)).map((r) => [r.id, r])),
    );

  return {
    byIds,
    async byUsernames(keys) {
      const idsByCacheKey = await opts.cache.getManyOrLoad<string>(
        keys.map(usernameKey),
        async (cacheKeys) => {
          const wanted = cacheKeys.map((k) => k.slice(k.lastIndexOf(":") + 1));
          const found = await findProfileIdsByUsernames(opts.db, wanted);
          return new Map([...found].map(([key, id]) => [usernameKey(key), id]));
        },
        options,
      );
      const records = await byIds([...idsByCacheKey.values()].filter((id): id is string => !!id));
      const out = new Map<string, ProfileRecord>();
      for (const key of keys) {
        const id = idsByCacheKey.get(usernameKey(key));
        const record = id ? records.get(id) : undefined;
        // A stale username entry (renamed in between) must not answer for the new holder's name.
        if (record && record.username === key) out.set(key, record);
      }
      return out;
    },
    async invalidate(id, usernames) {
      await Promise.all([
        opts.cache.invalidate(profileKey(id)),
        ...usernames.map((k) => opts.cache.invalidate(usernameKey(k))),
      ]);
    },
  };
}
