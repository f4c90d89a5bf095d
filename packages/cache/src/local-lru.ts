import type { Invalidation } from "./invalidation-channel.ts";

interface LocalEntry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A bounded in-process LRU (serialised values for the two-level cache, objects for the instance
 * cache). A Map iterates in insertion order, so re-inserting on read keeps the least recently used
 * entry first, where eviction takes it.
 */
export class LocalLru<V = string> {
  private readonly entries = new Map<string, LocalEntry<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  /** Drops what an invalidation names: its keys and everything under its prefix. */
  drop(msg: Invalidation): void {
    for (const key of msg.keys ?? []) this.entries.delete(key);
    if (msg.prefix !== undefined) this.deleteByPrefix(msg.prefix);
  }

  deleteByPrefix(prefix: string): number {
    let n = 0;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix) && this.entries.delete(key)) n++;
    return n;
  }

  clear(): void {
    this.entries.clear();
  }
}
