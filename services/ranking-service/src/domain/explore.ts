/** What the exploration slot needs of a candidate. */
export interface Explorable {
  authorId: string;
  isNew: boolean;
  explored: boolean;
}

export interface ExploreOptions {
  /** ε: chance that a slot is given to a new post. */
  rate: number;
  /** PRNG in [0, 1), seeded by the caller so a ranking can be replayed. */
  random: () => number;
  /** One slot every `every` positions, starting at `first` (defaults: 10 and 4). */
  every?: number;
  first?: number;
}

/**
 * ε-greedy exploration: at each slot position, with probability ε, a new post from further down
 * the list (chosen uniformly) moves up into the slot and is marked `explored`. New posts have no
 * engagement yet, so without this they would rarely be shown and never earn any.
 */
export function explore<T extends Explorable>(ranked: readonly T[], opts: ExploreOptions): T[] {
  const out = [...ranked];
  const every = opts.every ?? 10;
  for (let slot = opts.first ?? 4; slot < out.length; slot += every) {
    if (opts.random() >= opts.rate) continue;
    const pool: number[] = [];
    // Not next to its own author: exploration should not undo the diversity re-rank.
    const around = [out[slot - 1]?.authorId, out[slot]?.authorId];
    for (let i = slot + 1; i < out.length; i++) {
      const item = out[i] as T;
      if (item.isNew && !around.includes(item.authorId)) pool.push(i);
    }
    if (pool.length === 0) continue;
    const from = pool[Math.floor(opts.random() * pool.length)] as number;
    const [moved] = out.splice(from, 1) as [T];
    out.splice(slot, 0, { ...moved, explored: true });
  }
  return out;
}
