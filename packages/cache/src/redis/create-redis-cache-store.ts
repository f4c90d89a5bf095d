import type { RedisClient } from "bun";
import type { CacheStore, MessageHandler, ScoredMember } from "../cache-store.ts";
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
import {
  INCR_WITH_TTL,
  MSET_WITH_TTL,
  RELEASE_LOCK,
  ZADD_EACH_CAPPED,
  ZADMIT,
  ZLOG_APPEND,
} from "./lua-scripts.ts";
import { mapRedisError } from "./redis-errors.ts";
import { RedisPool, type RedisPoolOptions } from "./redis-pool.ts";

/** Options for the Redis adapter. */
export type RedisCacheOptions = RedisPoolOptions;

const SCAN_BATCH = 500;
// How long a command waits for a dropped connection to come back before failing.
const RECONNECT_WAIT_MS = 1_000;

/** Escapes glob metacharacters so a key prefix is matched literally by SCAN MATCH. */
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, "\\$&");
}

/** A WITHSCORES reply: RESP3 pairs `[member, score]` (Bun speaks RESP3), or RESP2's flat list. */
function toMembers(reply: unknown): ScoredMember[] {
  const rows = reply as unknown[];
  const out: ScoredMember[] = [];
  if (rows.length > 0 && Array.isArray(rows[0])) {
    for (const [member, score] of rows as [string, number | string][])
      out.push({ member: String(member), score: Number(score) });
    return out;
  }
  for (let i = 0; i < rows.length; i += 2) out.push({ member: String(rows[i]), score: Number(rows[i + 1]) });
  return out;
}

/**
 * The Redis cache adapter: a pool of Bun's native Redis clients for commands plus one dedicated
 * subscriber connection (a subscribed connection cannot run other commands). Connects before
 * resolving, so a service fails fast at start when REDIS_URL is wrong.
 */
export async function createRedisCacheStore(options: RedisCacheOptions): Promise<CacheStore> {
  const pool = new RedisPool(options);
  await pool.connect();
  let subscriber: RedisClient | undefined;
  const handlers = new Map<string, Set<MessageHandler>>();
  let closed = false;

  async function run<T>(what: string, fn: (c: RedisClient) => Promise<T>): Promise<T> {
    try {
      let client = pool.pick();
      if (!client.connected) client = await pool.reconnected(client, RECONNECT_WAIT_MS);
      return await fn(client);
    } catch (err) {
      throw mapRedisError(err, what);
    }
  }

  /** Sends one command on the tick's connection. */
  const send = <T>(what: string, command: string, args: string[]) =>
    run(what, (c) => c.send(command, args) as Promise<T>);

  async function subscriberClient(): Promise<RedisClient> {
    if (subscriber) return subscriber;
    const client = pool.createClient("sub");
    // A reconnected client does not renew its subscriptions on the server (it keeps its listeners):
    // each channel is dropped locally and subscribed again, so messages flow once more, once each.
    const nameConnection = client.onconnect;
    let connectedBefore = false;
    client.onconnect = (...args) => {
      nameConnection?.apply(client, args);
      if (connectedBefore && !closed) {
        for (const channel of handlers.keys())
          client
            .unsubscribe(channel)
            .then(() => client.subscribe(channel, dispatch))
            .catch((err) => console.error(`cache subscriber could not renew ${channel}`, err));
      }
      connectedBefore = true;
    };
    // Once the client has given up reconnecting (a long outage), keep trying every second: nothing
    // else would bring the subscriptions back.
    let retrying = false;
    client.onclose = () => {
      if (closed || retrying) return;
      retrying = true;
      const retry = () => {
        if (closed || client.connected) {
          retrying = false;
          return;
        }
        client.connect().then(
          () => {
            retrying = false;
          },
          () => setTimeout(retry, 1_000).unref(),
        );
      };
      setTimeout(retry, 1_000).unref();
    };
    subscriber = client;
    try {
      await client.connect();
    } catch (err) {
      subscriber = undefined;
      client.close();
      throw mapRedisError(err, "subscribe");
    }
    return client;
  }

  /** Hands a message to the channel's handlers; one that throws does not stop the others. */
  function dispatch(message: string, channel: string): void {
    for (const h of handlers.get(channel) ?? []) {
      try {
        h(message, channel);
      } catch (err) {
        console.error(`cache subscriber on ${channel} failed`, err);
      }
    }
  }

  function incrBy(key: string, by: number, ttlMs: number | undefined): Promise<number> {
    return send("incr", "EVAL", [
      INCR_WITH_TTL,
      "1",
      key,
      String(by),
      ttlMs === undefined ? "" : String(ttlMs),
    ]);
  }

  return {
    async get<T>(key: string) {
      checkKey(key);
      return decodeValue<T>(await send<string | null>("get", "GET", [key]));
    },
    async set(key, value, opts) {
      checkKey(key);
      const ttl = checkTtl(opts);
      const text = encodeValue(value);
      await send("set", "SET", ttl === undefined ? [key, text] : [key, text, "PX", String(ttl)]);
    },
    async mget<T>(keys: readonly string[]) {
      for (const k of keys) checkKey(k);
      if (keys.length === 0) return [];
      const values = await send<(string | null)[]>("mget", "MGET", [...keys]);
      return values.map((v) => decodeValue<T>(v));
    },
    async mset(entries, opts) {
      const ttl = checkTtl(opts);
      const encoded = entries.map(([k, v]) => [checkKey(k), encodeValue(v)] as const);
      if (encoded.length === 0) return;
      if (ttl === undefined) {
        await send("mset", "MSET", encoded.flat());
        return;
      }
      // One script: every key gets its value and the TTL, atomically, in one command.
      await send("mset", "EVAL", [
        MSET_WITH_TTL,
        String(encoded.length),
        ...encoded.map(([k]) => k),
        ...encoded.map(([, text]) => text),
        String(ttl),
      ]);
    },
    async delete(...keys) {
      for (const k of keys) checkKey(k);
      if (keys.length === 0) return 0;
      return send<number>("delete", "UNLINK", keys);
    },
    async deleteByPrefix(prefix) {
      checkKey(prefix, "prefix");
      return run("deleteByPrefix", async (c) => {
        let cursor = "0";
        let removed = 0;
        do {
          const [next, keys] = (await c.send("SCAN", [
            cursor,
            "MATCH",
            `${globEscape(prefix)}*`,
            "COUNT",
            String(SCAN_BATCH),
          ])) as [string, string[]];
          cursor = next;
          if (keys.length > 0) removed += (await c.send("UNLINK", keys)) as number;
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
      const ms = await send<number>("ttl", "PTTL", [key]);
      if (ms === -2) return undefined;
      return ms === -1 ? Number.POSITIVE_INFINITY : ms;
    },
    async zadd(key, members) {
      checkKey(key);
      checkMembers(members);
      if (members.length === 0) return 0;
      return send<number>("zadd", "ZADD", [key, ...members.flatMap((m) => [String(m.score), m.member])]);
    },
    async zrem(key, ...members) {
      checkKey(key);
      if (members.length === 0) return 0;
      return send<number>("zrem", "ZREM", [key, ...members]);
    },
    async zrevrange(key, range) {
      checkKey(key);
      const r = checkRange(range);
      if (r.maxScore === undefined && r.minScore === undefined) {
        const end = String(r.offset + r.limit - 1);
        return toMembers(await send("zrevrange", "ZREVRANGE", [key, String(r.offset), end, "WITHSCORES"]));
      }
      const max = r.maxScore === undefined ? "+inf" : `${r.exclusiveMax ? "(" : ""}${r.maxScore}`;
      const min = r.minScore === undefined ? "-inf" : String(r.minScore);
      return toMembers(
        await send("zrevrange", "ZREVRANGEBYSCORE", [
          key,
          max,
          min,
          "WITHSCORES",
          "LIMIT",
          String(r.offset),
          String(r.limit),
        ]),
      );
    },
    async zcard(key) {
      checkKey(key);
      return send<number>("zcard", "ZCARD", [key]);
    },
    async ztrim(key, keep) {
      checkKey(key);
      if (!Number.isSafeInteger(keep) || keep < 0) checkPositiveInt(keep, "keep");
      // Ranks are ascending, so removing 0..-(keep+1) drops all but the `keep` highest scores.
      return send<number>("ztrim", "ZREMRANGEBYRANK", [key, "0", String(-(keep + 1))]);
    },
    async zaddEach(keys, members, keep) {
      for (const key of keys) checkKey(key);
      checkMembers(members);
      if (!Number.isSafeInteger(keep) || keep < 0) checkPositiveInt(keep, "keep");
      if (keys.length === 0 || members.length === 0) return;
      const args = members.flatMap((m) => [String(m.score), m.member]);
      await send("zaddEach", "EVAL", [ZADD_EACH_CAPPED, String(keys.length), ...keys, String(keep), ...args]);
    },
    async zremEach(keys, members) {
      for (const key of keys) checkKey(key);
      if (keys.length === 0 || members.length === 0) return;
      await run("zremEach", (c) => Promise.all(keys.map((key) => c.send("ZREM", [key, ...members]))));
    },
    async zadmit(checks, entry, options) {
      checkAdmit(checks, entry, options);
      const keys = [...new Set(checks.map((c) => c.key))];
      const args = checks.flatMap((c) => [String(keys.indexOf(c.key) + 1), String(c.since), String(c.limit)]);
      const [ok, counts, unblock] = await send<[number, number[], string[]]>("zadmit", "EVAL", [
        ZADMIT,
        String(keys.length),
        ...keys,
        String(options.ttlMs),
        entry.member,
        String(entry.score),
        String(checks.length),
        ...args,
      ]);
      return {
        admitted: ok === 1,
        counts: counts.map(Number),
        unblockScores: unblock.map((u) => (u === "" ? undefined : Number(u))),
      };
    },
    async zlogAppend(logs, options) {
      checkLogAppend(logs, options);
      if (logs.length === 0) return [];
      const reads = await send<[number, string[]][]>("zlogAppend", "EVAL", [
        ZLOG_APPEND,
        String(logs.length),
        ...logs.map((l) => l.key),
        String(options.ttlMs),
        ...logs.flatMap((l) => [
          String(l.since),
          String(l.entry.score),
          l.entry.member,
          String(l.keep),
          l.read === "members" ? "1" : "0",
        ]),
      ]);
      return reads.map(([count, members]) => ({ count: Number(count), members }));
    },
    async publish(channel, message) {
      checkKey(channel, "channel");
      return send<number>("publish", "PUBLISH", [channel, message]);
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
          await client.subscribe(channel, dispatch);
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
      const ok = await send("acquireLock", "SET", [key, JSON.stringify(token), "PX", String(ttlMs), "NX"]);
      return ok === "OK" ? token : undefined;
    },
    async releaseLock(key, token) {
      checkKey(key);
      return (
        (await send<number>("releaseLock", "EVAL", [RELEASE_LOCK, "1", key, JSON.stringify(token)])) === 1
      );
    },
    async ping() {
      await send("ping", "PING", []);
    },
    async close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      for (const c of [...pool.clients, ...(subscriber ? [subscriber] : [])]) c.close();
    },
  };
}
