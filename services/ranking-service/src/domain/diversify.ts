/** What the re-rank needs of a candidate. */
export interface Diversifiable {
  authorId: string;
  score: number;
}

export interface DiversifyOptions {
  /** 1 = by score only; lower values trade score for author variety. */
  lambda: number;
  /** Most items by one author in a row (relaxed only when nothing else is left). */
  maxConsecutivePerAuthor: number;
  /** How many of the last picks count as "recent" for similarity. */
  window?: number;
}

/**
 * MMR-style greedy re-rank: each pick maximises λ·score − (1−λ)·similarity, where similarity is 1
 * when the author appeared in the last `window` picks, and never makes an author's run longer than
 * the cap while another author is available. Input order is irrelevant; ties keep input order.
 */
export function diversify<T extends Diversifiable>(items: readonly T[], opts: DiversifyOptions): T[] {
  const window = opts.window ?? 5;
  const remaining = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.score - a.item.score || a.index - b.index);
  const out: T[] = [];
  const recent: string[] = [];
  let runAuthor = "";
  let runLength = 0;
  while (remaining.length > 0) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    let fallback = -1;
    for (let i = 0; i < remaining.length; i++) {
      const { item } = remaining[i] as { item: T };
      // Sorted by score and similarity only subtracts: nothing further down can beat the best.
      if (opts.lambda * item.score <= bestValue) break;
      const capped = item.authorId === runAuthor && runLength >= opts.maxConsecutivePerAuthor;
      if (capped) {
        if (fallback < 0) fallback = i;
        continue;
      }
      const similar = recent.includes(item.authorId) ? 1 : 0;
      const value = opts.lambda * item.score - (1 - opts.lambda) * similar;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    const chosen = best >= 0 ? best : fallback;
    const { item } = remaining.splice(chosen, 1)[0] as { item: T };
    out.push(item);
    runLength = item.authorId === runAuthor ? runLength + 1 : 1;
    runAuthor = item.authorId;
    recent.push(item.authorId);
    if (recent.length > window) recent.shift();
  }
  return out;
}
