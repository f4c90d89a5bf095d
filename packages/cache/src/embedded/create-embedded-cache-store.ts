import { FailedPreconditionError, UnavailableError } from "@nova/errors";
import type {
  CacheStore,
  MessageHandler,
  ScoredMember,
  TtlOptions,
  ZRevRangeOptions,
} from "../cache-store.ts";
import {
  checkAdmit,
  checkInt,
  checkKey,
  checkLogAppend,
  checkMembers,
  checkPositiveInt,
  checkRange,
  checkTtl,
  decodeValue,
  encodeValue,
} from "../validate.ts";
import { SortedSet } from "./sorted-set.ts";

type Entry =
  | { kind: "string"; value: string; expiresAt?: number }
  | { kind: "zset"; set: SortedSet; expiresAt?: number };

/** Options for the in-process cache. */
export interface EmbeddedCacheOptions {
  /** How often expired keys are swept (lazy expiry covers reads in between); default 1000 ms. */
  sweepIntervalMs?: number;
  /** Clock in epoch milliseconds; tests may pass a controllable one. */
  now?: () => number;
  /** Receives errors thrown by subscribers, which must not reach the publisher. */
  onSubscriberError?: (err: unknown, channel: string) => void;
}

const INTEGER = /^-?\d+$/;

/**
 * The embedded cache adapter: a Map with expiry (lazy on access plus a periodic sweep), sorted sets
 * ordered like Redis, pub/sub delivered asynchronously within the process, and token locks.
 * Values are stored serialised, so callers never share object references with the cache.
 */
export function createEmbeddedCacheStore(options: EmbeddedCacheOptions = {}): CacheStore & {
  /** Number of live keys (for tests and the dev dashboard). */
  size(): number;
} {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const subscribers = new Map<string, Set<MessageHandler>>();
  const onSubscriberError =
    options.onSubscriberError ??
    ((err: unknown, channel: string) => console.error(`cache subscriber on ${channel} failed`, err));
  let closed = false;

  const sweep = setInterval(() => {
    const t = now();
    for (const [key, entry] of entries)
      if (entry.expiresAt !== undefined && entry.expiresAt <= t) entries.delete(key);
  }, options.sweepIntervalMs ?? 1000);
  sweep.unref?.();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function wrongType(key: string): never {
    throw new FailedPreconditionError(`cache key ${key} holds the wrong kind of value for this operation`);
  }

  function stringAt(key: string): string | undefined {
    const entry = live(key);
    if (entry && entry.kind !== "string") wrongType(key);
    return entry?.value;
  }

  function zsetAt(key: string): SortedSet | undefined {
    const entry = live(key);
    if (entry && entry.kind !== "zset") wrongType(key);
    return entry?.set;
  }

  function expiry(ttlMs: number | undefined): number | undefined {
    return ttlMs === undefined ? undefined : now() + ttlMs;
  }

  function incrBy(key: string, by: number, opts?: TtlOptions): number {
    checkKey(key);
    checkInt(by, "by");
    const ttl = checkTtl(opts);
    const entry = live(key);
    if (entry && entry.kind !== "string") wrongType(key);
    const current = entry ? entry.value : "0";
    if (!INTEGER.test(current))
      throw new FailedPreconditionError(`cache key ${key} does not hold an integer`);
    const next = Number(current) + by;
    if (!Number.isSafeInteger(next)) throw new FailedPreconditionError(`cache counter ${key} would overflow`);
    const expiresAt = entry?.expiresAt ?? expiry(ttl);
    entries.set(key, { kind: "string", value: String(next), ...(expiresAt !== undefined && { expiresAt }) });
    return next;
  }

  const store: CacheStore & { size(): number } = {
    async get<T>(key: string) {
      return decodeValue<T>(stringAt(checkKey(key)));
    },
    async set(key, value, opts) {
      checkKey(key);
      const ttl = checkTtl(opts);
      const text = encodeValue(value);
      const expiresAt = expiry(ttl);
      entries.set(key, { kind: "string", value: text, ...(expiresAt !== undefined && { expiresAt }) });
    },
    async mget<T>(keys: readonly string[]) {
      return keys.map((k) => {
        const entry = live(checkKey(k));
        // MGET answers nil for keys of another kind instead of failing.
        return entry?.kind === "string" ? decodeValue<T>(entry.value) : undefined;
      });
    },
    async mset(list, opts) {
      const ttl = checkTtl(opts);
      const encoded = list.map(([k, v]) => [checkKey(k), encodeValue(v)] as const);
      const expiresAt = expiry(ttl);
      for (const [k, text] of encoded) {
        entries.set(k, { kind: "string", value: text, ...(expiresAt !== undefined && { expiresAt }) });
      }
    },
    async delete(...keys) {
      let n = 0;
      for (const k of keys) if (live(checkKey(k)) && entries.delete(k)) n++;
      return n;
    },
    async deleteByPrefix(prefix) {
      checkKey(prefix, "prefix");
      let n = 0;
      for (const k of [...entries.keys()]) if (k.startsWith(prefix) && live(k) && entries.delete(k)) n++;
      return n;
    },
    async incr(key, opts) {
      return incrBy(key, 1, opts);
    },
    async incrBy(key, by, opts) {
      return incrBy(key, by, opts);
    },
    async ttl(key) {
      const entry = live(checkKey(key));
      if (!entry) return undefined;
      return entry.expiresAt === undefined ? Number.POSITIVE_INFINITY : entry.expiresAt - now();
    },
    async zadd(key, members) {
      checkKey(key);
      checkMembers(members);
      let set = zsetAt(key);
      if (!set) {
        if (members.length === 0) return 0;
        set = new SortedSet();
        entries.set(key, { kind: "zset", set });
      }
      let added = 0;
      for (const m of members) if (set.add(m.member, m.score)) added++;
      return added;
    },
    async zrem(key, ...members) {
      const set = zsetAt(checkKey(key));
      if (!set) return 0;
      let removed = 0;
      for (const m of members) if (set.remove(m)) removed++;
      if (set.size === 0) entries.delete(key);
      return removed;
    },
    async zrevrange(key, range: ZRevRangeOptions): Promise<ScoredMember[]> {
      checkKey(key);
      const r = checkRange(range);
      const set = zsetAt(key);
      if (!set) return [];
      if (r.maxScore === undefined && r.minScore === undefined) return set.revRange(r.offset, r.limit);
      return set.revRangeByScore(
        r.maxScore ?? Number.POSITIVE_INFINITY,
        r.minScore ?? Number.NEGATIVE_INFINITY,
        r.exclusiveMax,
        r.offset,
        r.limit,
      );
    },
    async zcard(key) {
      return zsetAt(checkKey(key))?.size ?? 0;
    },
    async ztrim(key, keep) {
      checkKey(key);
      if (!Number.isSafeInteger(keep) || keep < 0) checkPositiveInt(keep, "keep");
      const set = zsetAt(key);
      if (!set) return 0;
      const removed = set.trim(keep);
      if (set.size === 0) entries.delete(key);
      return removed;
    },
    async zaddEach(keys, members, keep) {
      for (const key of keys) checkKey(key);
      checkMembers(members);
      if (!Number.isSafeInteger(keep) || keep < 0) checkPositiveInt(keep, "keep");
      for (const key of keys) {
        await store.zadd(key, members);
        await store.ztrim(key, keep);
      }
    },
    async zremEach(keys, members) {
      for (const key of keys) if (members.length > 0) await store.zrem(key, ...members);
    },
    async zadmit(checks, entry, options) {
      checkAdmit(checks, entry, options);
      const trimAt = new Map<string, number>();
      for (const c of checks) trimAt.set(c.key, Math.min(trimAt.get(c.key) ?? c.since, c.since));
      for (const [key, since] of trimAt) {
        const set = zsetAt(key);
        set?.removeUpTo(since);
        if (set?.size === 0) entries.delete(key);
      }
      const counts: number[] = [];
      const unblockScores: (number | undefined)[] = [];
      for (const c of checks) {
        const inWindow = zsetAt(c.key)?.above(c.since);
        const n = inWindow?.count ?? 0;
        counts.push(n);
        unblockScores.push(n >= c.limit ? inWindow?.at(n - c.limit)?.score : undefined);
      }
      const admitted = checks.every((c, i) => (counts[i] as number) < c.limit);
      if (!admitted) return { admitted, counts, unblockScores };
      for (const key of trimAt.keys()) {
        let set = zsetAt(key);
        if (!set) {
          set = new SortedSet();
          entries.set(key, { kind: "zset", set });
        }
        set.add(entry.member, entry.score);
        (live(key) as Entry).expiresAt = now() + options.ttlMs;
      }
      return { admitted, counts: counts.map((n) => n + 1), unblockScores };
    },
    async zlogAppend(logs, options) {
      checkLogAppend(logs, options);
      return logs.map((l) => {
        let set = zsetAt(l.key);
        if (!set) {
          set = new SortedSet();
          entries.set(l.key, { kind: "zset", set });
        }
        set.removeUpTo(l.since);
        const count = set.size;
        const members = l.read === "members" ? set.members() : [];
        set.add(l.entry.member, l.entry.score);
        set.trim(l.keep);
        (live(l.key) as Entry).expiresAt = now() + options.ttlMs;
        return { count, members };
      });
    },
    async publish(channel, message) {
      checkKey(channel, "channel");
      const handlers = subscribers.get(channel);
      if (!handlers) return 0;
      // Delivered on a later microtask, like a message arriving from Redis: a publisher never runs
      // its subscribers' code synchronously.
      for (const handler of [...handlers]) {
        queueMicrotask(() => {
          try {
            handler(message, channel);
          } catch (err) {
            onSubscriberError(err, channel);
          }
        });
      }
      return handlers.size;
    },
    async subscribe(channel, handler) {
      checkKey(channel, "channel");
      let handlers = subscribers.get(channel);
      if (!handlers) {
        handlers = new Set();
        subscribers.set(channel, handlers);
      }
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const own: MessageHandler = (m, c) => handler(m, c);
      handlers.add(own);
      return async () => {
        handlers.delete(own);
        if (handlers.size === 0 && subscribers.get(channel) === handlers) subscribers.delete(channel);
      };
    },
    async acquireLock(key, ttlMs) {
      checkKey(key);
      checkPositiveInt(ttlMs, "ttlMs");
      if (live(key)) return undefined;
      const token = crypto.randomUUID();
      entries.set(key, { kind: "string", value: JSON.stringify(token), expiresAt: now() + ttlMs });
      return token;
    },
    async releaseLock(key, token) {
      const entry = live(checkKey(key));
      if (entry?.kind !== "string" || entry.value !== JSON.stringify(token)) return false;
      entries.delete(key);
      return true;
    },
    async ping() {
      if (closed) throw new UnavailableError("embedded cache is closed");
    },
    async close() {
      closed = true;
      clearInterval(sweep);
      subscribers.clear();
    },
    size() {
      let n = 0;
      for (const k of entries.keys()) if (live(k)) n++;
      return n;
    },
  };
  return store;
}
