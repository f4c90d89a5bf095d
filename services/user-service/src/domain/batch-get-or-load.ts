import type { LoadOptions, TwoLevelCache } from "@nova/cache";

/**
 * Looks up many keys through a two-level cache and loads all the misses in ONE call to `loadMany`,
 * instead of one query per key. Each key still goes through `getOrLoad` (local tier, shared tier,
 * single-flight, negative caching); their loaders only join a shared batch, which runs once every key
 * has either hit or asked to load — or, at the latest, on the next macrotask (so two batches waiting
 * on each other's in-flight keys cannot deadlock).
 */
export async function batchGetOrLoad<T>(
  cache: TwoLevelCache,
  keys: readonly string[],
  loadMany: (keys: string[]) => Promise<Map<string, T>>,
  options: LoadOptions,
): Promise<Map<string, T>> {
  const unique = [...new Set(keys)];
  const waiting = new Map<string, (value: T | undefined) => void>();
  const failures: ((err: unknown) => void)[] = [];
  let settled = 0;
  let flushed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    if (flushed || waiting.size === 0) return;
    flushed = true;
    clearTimeout(timer);
    const batch = new Map(waiting);
    loadMany([...batch.keys()]).then(
      (found) => {
        for (const [key, resolve] of batch) resolve(found.get(key));
      },
      (err) => {
        for (const fail of failures) fail(err);
      },
    );
  };
  const flushIfComplete = () => {
    if (settled + waiting.size === unique.length) flush();
  };

  const results = await Promise.all(
    unique.map(async (key) => {
      const value = await cache.getOrLoad<T>(
        key,
        () =>
          new Promise<T | undefined>((resolve, reject) => {
            if (flushed) {
              // A late miss (after the batch left): load it alone.
              loadMany([key]).then((m) => resolve(m.get(key)), reject);
              return;
            }
            waiting.set(key, resolve);
            failures.push(reject);
            timer ??= setTimeout(flush, 0);
            flushIfComplete();
          }),
        options,
      );
      if (!waiting.has(key)) {
        settled++;
        flushIfComplete();
      }
      return [key, value] as const;
    }),
  );
  clearTimeout(timer);
  const out = new Map<string, T>();
  for (const [key, value] of results) if (value !== undefined) out.set(key, value);
  return out;
}
