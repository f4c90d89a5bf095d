export { type CacheMetrics, createCacheMetrics } from "./cache-metrics.ts";
export type {
  AdmitCheck,
  AdmitResult,
  CacheStore,
  LogAppend,
  LogRead,
  MessageHandler,
  ScoredMember,
  TtlOptions,
  ZRevRangeOptions,
} from "./cache-store.ts";
export { createCacheStore } from "./create-cache-store.ts";
export {
  createEmbeddedCacheStore,
  type EmbeddedCacheOptions,
} from "./embedded/create-embedded-cache-store.ts";
export {
  createInstanceCache,
  type InstanceCache,
  type InstanceCacheOptions,
} from "./instance-cache.ts";
export { INVALIDATION_CHANNEL, type Invalidation } from "./invalidation-channel.ts";
export { createKeyspace, type Keyspace } from "./keyspace.ts";
export { type BatchRead, manyById } from "./many-by-id.ts";
export {
  createReadThrough,
  type Envelope,
  type LoadOptions,
  type LockOptions,
  type ReadThrough,
  type ReadThroughOptions,
} from "./read-through.ts";
export { createRedisCacheStore, type RedisCacheOptions } from "./redis/create-redis-cache-store.ts";
export {
  createTwoLevelCache,
  type TwoLevelCache,
  type TwoLevelCacheOptions,
} from "./two-level-cache.ts";
