interface LocalEntry {
  text: string;
  expiresAt: number;
}

/**
 * A bounded in-process LRU of serialised values. A Map iterates in insertion order, so re-inserting
 * on read keeps the least recently used entry first, where eviction takes it.
 */
export class LocalLru {
  private readonly entries = new Map<string, LocalEntry>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.text;
  }

  set(key: string, text: string, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { text, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
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
