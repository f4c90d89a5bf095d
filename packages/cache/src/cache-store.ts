/** A member of a sorted set with its score (e.g. a post id scored by its timestamp). */
export interface ScoredMember {
  member: string;
  score: number;
}

/**
 * Which slice of a sorted set to read, highest score first. Without `maxScore`/`minScore` it reads by
 * rank (`offset`..`offset + limit - 1`); with either it reads by score, the way a timeline cursor does.
 */
export interface ZRevRangeOptions {
  limit: number;
  offset?: number;
  maxScore?: number;
  minScore?: number;
  /** Exclude members scored exactly `maxScore` (cursor pagination: "strictly older than"). */
  exclusiveMax?: boolean;
}

/** Options for writes that may expire. */
export interface TtlOptions {
  /** Time to live in milliseconds; absent means no expiry. */
  ttlMs?: number;
}

/** One limit of `zadmit`: members of `key` scored above `since` must number fewer than `limit`. */
export interface AdmitCheck {
  key: string;
  /**
   * Members scored at or below this do not count. A key's members at or below the smallest `since`
   * of its checks are removed.
   */
  since: number;
  limit: number;
}

/** What `zadmit` found: whether the entry was added, and per check (in order) the count and unblock score. */
export interface AdmitResult {
  admitted: boolean;
  /** Per check: members counted above `since`, including the new entry when admitted. */
  counts: number[];
  /**
   * Per check: the score of the member whose leaving (dropping to or below `since`) frees a place —
   * the oldest one when the check is exactly full; `undefined` when the check had room.
   */
  unblockScores: (number | undefined)[];
}

/**
 * One log of `zlogAppend`: a sliding-window log in a sorted set. Members scored at or below `since`
 * leave, what is left is read, then `entry` is added and only the `keep` highest-scored stay.
 */
export interface LogAppend {
  key: string;
  since: number;
  entry: ScoredMember;
  keep: number;
  /** Answer the members read (lowest score first), or only how many there were. */
  read: "members" | "count";
}

/** What one log held in its window before its entry was added. */
export interface LogRead {
  count: number;
  /** Lowest score first; empty when the log was read as a count. */
  members: string[];
}

/** Called with each message published on a subscribed channel. */
export type MessageHandler = (message: string, channel: string) => void;

/**
 * The cache port services depend on: JSON values with TTLs, counters, sorted sets for timelines,
 * pub/sub and simple locks. Keys are raw strings; use `createKeyspace` to build versioned ones.
 * Adapters: `createEmbeddedCacheStore` (in-process) and `createRedisCacheStore` (a pool of Bun's native Redis clients).
 */
export interface CacheStore {
  /** Reads a JSON value; `undefined` when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Writes a JSON-serialisable value, replacing any previous value and TTL. */
  set(key: string, value: unknown, options?: TtlOptions): Promise<void>;
  /** Reads several values in one round trip, in the order of `keys`. */
  mget<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Writes several values atomically, all with the same optional TTL. */
  mset(entries: ReadonlyArray<readonly [string, unknown]>, options?: TtlOptions): Promise<void>;
  /** Deletes keys of any kind; resolves to how many existed. */
  delete(...keys: string[]): Promise<number>;
  /** Deletes every key starting with `prefix` (literal, not a glob); resolves to how many. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Adds 1 to an integer counter (created at 0). `ttlMs` is applied only if the counter has no TTL. */
  incr(key: string, options?: TtlOptions): Promise<number>;
  /** Adds `by` (an integer, may be negative) to a counter; TTL as for `incr`. */
  incrBy(key: string, by: number, options?: TtlOptions): Promise<number>;
  /** Milliseconds until `key` expires; `undefined` when absent, `Infinity` when it never expires. */
  ttl(key: string): Promise<number | undefined>;
  /** Adds or re-scores members; resolves to how many were new. */
  zadd(key: string, members: readonly ScoredMember[]): Promise<number>;
  /** Removes members; resolves to how many were present. */
  zrem(key: string, ...members: string[]): Promise<number>;
  /** Reads members highest score first (ties: higher member first, as Redis orders them). */
  zrevrange(key: string, options: ZRevRangeOptions): Promise<ScoredMember[]>;
  /** Number of members in a sorted set (0 when absent). */
  zcard(key: string): Promise<number>;
  /** Keeps only the `keep` highest-scored members; resolves to how many were removed. */
  ztrim(key: string, keep: number): Promise<number>;
  /**
   * Adds the same members to each of `keys` and keeps only each set's `keep` highest-scored members,
   * in one round trip (a timeline fan-out: one post into a page of followers' timelines).
   */
  zaddEach(keys: readonly string[], members: readonly ScoredMember[], keep: number): Promise<void>;
  /** Removes the same members from each of `keys`, in one round trip. */
  zremEach(keys: readonly string[], members: readonly string[]): Promise<void>;
  /**
   * Admission over sorted sets, atomically (one script on Redis): drops expired members, and adds `entry` to every checked key only if every check has fewer
   * than `limit` members left; each touched key then expires `ttlMs` after this call. A sliding
   * window (score = now, since = now − window) or a cap on concurrent leases (score = lease end,
   * since = now) in one step. Nothing changes when the entry is refused (beyond dropping expired members).
   */
  zadmit(
    checks: readonly AdmitCheck[],
    entry: ScoredMember,
    options: { ttlMs: number },
  ): Promise<AdmitResult>;
  /**
   * Reads and appends to several sliding-window logs in one step (one script on Redis: atomic, one
   * round trip; synchronous in the embedded store): per log, in order, drops members at or below
   * `since`, reads what is left, adds `entry`, keeps the `keep` highest-scored, and sets the key to
   * expire `ttlMs` after this call. Answers per log what it held before the entry (a velocity count,
   * or the recent fingerprints a near-duplicate check compares against). All keys go to one Redis.
   */
  zlogAppend(logs: readonly LogAppend[], options: { ttlMs: number }): Promise<LogRead[]>;
  /** Publishes a message; resolves to how many subscribers received it. */
  publish(channel: string, message: string): Promise<number>;
  /** Subscribes to a channel; resolves once subscribed, to a function that unsubscribes. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  /** Takes a lock for `ttlMs`; resolves to the holder's token, or `undefined` when someone holds it. */
  acquireLock(key: string, ttlMs: number): Promise<string | undefined>;
  /** Releases a lock only if `token` still holds it; resolves to whether it did. */
  releaseLock(key: string, token: string): Promise<boolean>;
  /** Checks the backend answers; throws UnavailableError when it does not. */
  ping(): Promise<void>;
  /** Releases connections and timers; idempotent. */
  close(): Promise<void>;
}
