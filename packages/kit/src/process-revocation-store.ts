import { type CacheStore, createEmbeddedCacheStore } from "@nova/cache";

let shared: CacheStore | undefined;

/**
 * The embedded default's stand-in for the Redis every service shares in production: one in-process
 * store per process (services' own embedded stores are private to each), so the services that
 * `bun run dev` runs in one process hear each other's revocations at once. Never closed (its sweep
 * timer is unref'd); revocations in it are keyed by random ids, so tests sharing a process don't collide.
 */
export function processRevocationStore(): CacheStore {
  shared ??= createEmbeddedCacheStore();
  return shared;
}
