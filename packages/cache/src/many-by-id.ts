/** A cache's batch read: held values for `keys`, the rest from ONE call of `loadMissing`. */
export type BatchRead<T> = (
  keys: string[],
  loadMissing: (keys: string[]) => Promise<ReadonlyMap<string, T>>,
) => Promise<ReadonlyMap<string, T | undefined>>;

/**
 * A batch read by id through a cache keyed otherwise (`keyOf`): the ids' cache keys go to `read`
 * (`TwoLevelCache.getManyOrLoad` with its options, or `InstanceCache.getMany`), the missing ones
 * are loaded by id in ONE call of `loadIds`, and the answer is by id. An id `loadIds` leaves out
 * gets `orElse(id)` when given — cached like a found value, for data where "nothing" is a value
 * (zero counts, no relationship) — and is otherwise absent from the answer (cached as not found
 * only if the cache keeps negatives).
 */
export async function manyById<T>(
  ids: readonly string[],
  keyOf: (id: string) => string,
  read: BatchRead<T>,
  loadIds: (ids: string[]) => Promise<ReadonlyMap<string, T>>,
  orElse?: (id: string) => T,
): Promise<Map<string, T>> {
  const idOfKey = new Map(ids.map((id) => [keyOf(id), id]));
  const held = await read([...idOfKey.keys()], async (keys) => {
    const wanted = keys.map((k) => idOfKey.get(k) as string);
    const loaded = await loadIds(wanted);
    const out = new Map<string, T>();
    for (const id of wanted) {
      const value = loaded.get(id) ?? orElse?.(id);
      if (value !== undefined) out.set(keyOf(id), value);
    }
    return out;
  });
  const out = new Map<string, T>();
  for (const [key, id] of idOfKey) {
    const value = held.get(key) ?? orElse?.(id);
    if (value !== undefined) out.set(id, value);
  }
  return out;
}
