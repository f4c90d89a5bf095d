import type { Redis } from "ioredis";
import type { CacheStore, MessageHandler, ScoredMember } from "../cache-store.ts";
import {
  checkInt,
  checkKey,
  checkMembers,
  checkPositiveInt,
  checkRange,
  checkTtl,
  decodeValue,
  encodeValue,
} from "../validate.ts";
import { INCR_WITH_TTL, RELEASE_LOCK } from "./lua-scripts.ts";
import { mapRedisError } from "./redis-errors.ts";
import { RedisPool, type RedisPoolOptions } from "./redis-pool.ts";

/** Options for the Redis adapter. */
export type RedisCacheOptions = RedisPoolOptions;

const SCAN_BATCH = 500;

/** Escapes glob metacharacters so a key prefix is matched literally by SCAN MATCH. */
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, "\\$&");
}

function toMembers(flat: string[]): ScoredMember[] {
  const out: ScoredMember[] = [];
  for (let i = 0; i < flat.length; i += 2)
    out.push({ member: flat[i] as string, score: Number(flat[i + 1]) });
  return out;
}

/** Throws the first error of a pipeline's replies (a pipeline resolves even when commands fail). */
function failedCommand(replies: [Error | null, unknown][] | null): void {
  const failed = replies?.find(([err]) => err !== null);
  if (failed?.[0]) throw failed[0];
}

/**
 * The Redis cache adapter: a round-robin pool of ioredis clients for commands plus one dedicated
 * subscriber connection (a subscribed connection cannot run other commands). Connects and pings
 * before resolving, so a service fails fast at start when REDIS_URL is wrong.
 */
export async function createRedisCacheStore(options: RedisCacheOptions): Promise<CacheStore> {
  const pool = new RedisPool(options);
  await pool.connect();
  let subscriber: Redis | undefined;
  const handlers = new Map<string, Set<MessageHandler>>();
  let closed = false;

  async function run<T>(what: string, fn: (c: Redis) => Promise<T>): Promise<T> {
    try {
      return await fn(pool.pick());
    } catch (err) {
      throw mapRedisError(err, what);
    }
  }

  async function subscriberClient(): Promise<Redis> {
    if (subscriber) return subscriber;
    const client = pool.createClient("sub");
    client.on("message", (channel: string, message: string) => {
      for (const h of handlers.get(channel) ?? []) {
        try {
          h(message, channel);
        } catch (err) {
          console.error(`cache subscriber on ${channel} failed`, err);
        }
      }
    });
    subscriber = client;
    try {
      await client.connect();
    } catch (err) {
      subscriber = undefined;
      client.disconnect();
      throw mapRedisError(err, "subscribe");
    }
    return client;
  }

  async function incrBy(key: string, by: number, ttlMs: number | undefined): Promise<number> {
    return run(
      "incr",
      (c) =>
        c.eval(
          INCR_WITH_TTL,
          1,
          key,
          String(by),
          ttlMs === undefined ? "" : String(ttlMs),
        ) as Promise<number>,
    );
  }

  return {
    async get<T>(key: string) {
      checkKey(key);
      return decodeValue<T>(await run("get", (c) => c.get(key)));
    },
    async set(key, value, opts) {
      checkKey(key);
      const ttl = checkTtl(opts);
      const text = encodeValue(value);
      await run("set", (c) => (ttl === undefined ? c.set(key, text) : c.set(key, text, "PX", ttl)));
    },
    async mget<T>(keys: readonly string[]) {
      for (const k of keys) checkKey(k);
      if (keys.length === 0) return [];
      const values = await run("mget", (c) => c.mget(...keys));
      return values.map((v) => decodeValue<T>(v));
    },
    async mset(entries, opts) {
      const ttl = checkTtl(opts);
      const encoded = entries.map(([k, v]) => [checkKey(k), encodeValue(v)] as const);
      if (encoded.length === 0) return;
      await run("mset", async (c) => {
        if (ttl === undefined) return c.mset(...encoded.flat());
        const tx = c.multi();
        for (const [k, text] of encoded) tx.set(k, text, "PX", ttl);
        const results = await tx.exec();
        const failed = results?.find(([err]) => err);
        if (failed) throw failed[0];
        return "OK";
      });
    },
    async delete(...keys) {
      for (const k of keys) checkKey(k);
      if (keys.length === 0) return 0;
      return run("delete", (c) => c.unlink(...keys));
    },
    async deleteByPrefix(prefix) {
      checkKey(prefix, "prefix");
      return run("deleteByPrefix", async (c) => {
        let cursor = "0";
        let removed = 0;
        do {
          const [next, keys] = await c.scan(cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", SCAN_BATCH);
          cursor = next;
          if (keys.length > 0) removed += await c.unlink(...keys);
        } while (cursor !== "0");
        return removed;
      });
    },
    async incr(key, opts) {
      checkKey(key);
      return incrBy(key, 1, checkTtl(opts));
    },
    async incrBy(key, by, opts) {
      checkKey(key);
      checkInt(by, "by");
      return incrBy(key, by, checkTtl(opts));
    },
    async ttl(key) {
      checkKey(key);
      const ms = await run("ttl", (c) => c.pttl(key));
      if (ms === -2) return undefined;
      return ms === -1 ? Number.POSITIVE_INFINITY : ms;
    },
    async zadd(key, members) {
      checkKey(key);
      checkMembers(members);
      if (members.length === 0) return 0;
      const args = members.flatMap((m) => [String(m.score), m.member]);
      return run("zadd", (c) => c.zadd(key, ...args) as Promise<number>);
    },
    async zrem(key, ...members) {
      checkKey(key);
      if (members.length === 0) return 0;
      return run("zrem", (c) => c.zrem(key, ...members));
    },
    async zrevrange(key, range) {
      checkKey(key);
      const r = checkRange(range);
      if (r.maxScore === undefined && r.minScore === undefined) {
        const flat = await run("zrevrange", (c) =>
          c.zrevrange(key, r.offset, r.offset + r.limit - 1, "WITHSCORES"),
        );
        return toMembers(flat);
      }
      const max = r.maxScore === undefined ? "+inf" : `${r.exclusiveMax ? "(" : ""}${r.maxScore}`;
      const min = r.minScore === undefined ? "-inf" : String(r.minScore);
      const flat = await run("zrevrange", (c) =>
        c.zrevrangebyscore(key, max, min, "WITHSCORES", "LIMIT", r.offset, r.limit),
      );
      return toMembers(flat);
    },
    async zcard(key) {
      checkKey(key);
      return run("zcard", (c) => c.zcard(key));
    },
    async ztrim(key, keep) {
      checkKey(key);
      if (!Number.isSafeInteger(keep) || keep < 0) checkPositiveInt(keep, "keep");
      // Ranks are ascending, so removing 0..-(keep+1) drops all but the `keep` highest scores.
      return run("ztrim", (c) => c.zremrangebyrank(key, 0, -(keep + 1)));
    },
    async zaddEach(keys, members, keep) {
      for (const key of keys) checkKey(key);
      checkMembers(members);
      if (!Number.isSafeInteger(keep) || keep < 0) checkPositiveInt(keep, "keep");
      if (keys.length === 0 || members.length === 0) return;
      const args = members.flatMap((m) => [String(m.score), m.member]);
      await run("zaddEach", async (c) => {
        const pipeline = c.pipeline();
        for (const key of keys) pipeline.zadd(key, ...args).zremrangebyrank(key, 0, -(keep + 1));
        failedCommand(await pipeline.exec());
      });
    },
    async zremEach(keys, members) {
      for (const key of keys) checkKey(key);
      if (keys.length === 0 || members.length === 0) return;
      await run("zremEach", async (c) => {
        const pipeline = c.pipeline();
        for (const key of keys) pipeline.zrem(key, ...members);
        failedCommand(await pipeline.exec());
      });
    },
    async publish(channel, message) {
      checkKey(channel, "channel");
      return run("publish", (c) => c.publish(channel, message));
    },
    async subscribe(channel, handler) {
      checkKey(channel, "channel");
      const client = await subscriberClient();
      let set = handlers.get(channel);
      const own: MessageHandler = (m, c) => handler(m, c);
      if (!set) {
        set = new Set([own]);
        handlers.set(channel, set);
        try {
          await client.subscribe(channel);
        } catch (err) {
          handlers.delete(channel);
          throw mapRedisError(err, "subscribe");
        }
      } else {
        set.add(own);
      }
      return async () => {
        const current = handlers.get(channel);
        if (!current?.delete(own) || current.size > 0) return;
        handlers.delete(channel);
        if (!closed) await client.unsubscribe(channel).catch(() => {});
      };
    },
    async acquireLock(key, ttlMs) {
      checkKey(key);
      checkPositiveInt(ttlMs, "ttlMs");
      const token = crypto.randomUUID();
      const ok = await run("acquireLock", (c) => c.set(key, JSON.stringify(token), "PX", ttlMs, "NX"));
      return ok === "OK" ? token : undefined;
    },
    async releaseLock(key, token) {
      checkKey(key);
      const n = await run(
        "releaseLock",
        (c) => c.eval(RELEASE_LOCK, 1, key, JSON.stringify(token)) as Promise<number>,
      );
      return n === 1;
    },
    async ping() {
      await run("ping", (c) => c.ping());
    },
    async close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      await Promise.all(
        [...pool.clients, ...(subscriber ? [subscriber] : [])].map((c) =>
          c.quit().catch(() => c.disconnect()),
        ),
      );
    },
  };
}
