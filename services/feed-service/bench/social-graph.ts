/**
 * A generated social graph for the feed benchmark: heavy-tailed in both directions, reproducible
 * from a seed, and with a few celebrity accounts followed by a large share of everyone.
 *
 * Accounts are indices 0..users-1, most popular first: indices below `celebrities` are the
 * celebrities; the rest get followers by a Zipf law over their index (rank), so a few hundred
 * accounts hold most follows and most accounts have few or none. Who follows is drawn by a Pareto
 * "activity" weight, so out-degrees are heavy-tailed too (a few accounts follow thousands).
 */

/** Knobs of the generator; every field has a default sized for the bench's targets. */
export interface SocialGraphOptions {
  /** Accounts in the graph. */
  users: number;
  /** Follow edges in total (celebrity edges included). */
  edges: number;
  /** Accounts 0..celebrities-1, each followed by `celebrityFollowers` (+ 2.5% per rank) accounts. */
  celebrities: number;
  celebrityFollowers: number;
  /** Zipf exponent of popularity by rank (≈1 in measured follower graphs). */
  zipf: number;
  /** Pareto shape of activity (lower = heavier tail of out-degree). */
  pareto: number;
  seed: number;
}

export const DEFAULT_GRAPH: SocialGraphOptions = {
  users: 60_000,
  edges: 560_000,
  celebrities: 3,
  celebrityFollowers: 50_000,
  zipf: 1,
  pareto: 1.3,
  seed: 42,
};

/** Edges as parallel arrays of account indices (follower → followee), without duplicates or self-follows. */
export interface SocialGraph {
  users: number;
  from: Uint32Array;
  to: Uint32Array;
}

/** Mulberry32: a tiny seeded PRNG with uniform output in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Samples an index with probability proportional to `weights` (cumulative table + binary search). */
function weightedSampler(weights: Float64Array, random: () => number): () => number {
  const cdf = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i] as number;
    cdf[i] = sum;
  }
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function generateSocialGraph(options: Partial<SocialGraphOptions> = {}): SocialGraph {
  const o = { ...DEFAULT_GRAPH, ...options };
  if (o.users > 65_536) throw new RangeError("users must be ≤ 65,536 (edge keys pack two 16-bit indices)");
  const maxCelebrity = Math.ceil(o.celebrityFollowers * (1 + 0.025 * (o.celebrities - 1)));
  if (maxCelebrity >= o.users) throw new RangeError("celebrityFollowers must be below users");
  const random = seededRandom(o.seed);
  const from: number[] = [];
  const to: number[] = [];
  const seen = new Set<number>();
  const add = (f: number, t: number) => {
    const key = f * 65_536 + t;
    if (f === t || seen.has(key)) return false;
    seen.add(key);
    from.push(f);
    to.push(t);
    return true;
  };

  // Celebrities: an exact-size uniform sample of the other accounts (selection sampling).
  for (let c = 0; c < o.celebrities; c++) {
    let need = Math.ceil(o.celebrityFollowers * (1 + 0.025 * c));
    let left = o.users - 1;
    for (let u = 0; u < o.users && need > 0; u++) {
      if (u === c) continue;
      if (random() * left < need) {
        add(u, c);
        need--;
      }
      left--;
    }
  }

  // Everyone else: follower by activity (Pareto), followee by popularity (Zipf over rank).
  const popularity = new Float64Array(o.users);
  const activity = new Float64Array(o.users);
  for (let i = 0; i < o.users; i++) {
    popularity[i] = i < o.celebrities ? 0 : 1 / (i + 1 - o.celebrities) ** o.zipf;
    activity[i] = 1 / (1 - random()) ** (1 / o.pareto);
  }
  const pickFollowee = weightedSampler(popularity, random);
  const pickFollower = weightedSampler(activity, random);
  let attempts = 0;
  while (from.length < o.edges) {
    if (++attempts > o.edges * 20)
      throw new Error(`cannot place ${o.edges} distinct edges among ${o.users} users`);
    add(pickFollower(), pickFollowee());
  }
  return { users: o.users, from: Uint32Array.from(from), to: Uint32Array.from(to) };
}

/** Degree statistics that show the graph's shape (printed by the bench, checked by the tests). */
export interface DegreeStats {
  edges: number;
  maxFollowers: number;
  maxFollowing: number;
  /** Followers at the median and 99th percentile account. */
  followersP50: number;
  followersP99: number;
  /** Accounts with at least 50,000 / 10,000 / 1,000 followers. */
  over50k: number;
  over10k: number;
  over1k: number;
  /** Share of all edges held by the most-followed 1% of accounts. */
  top1PercentShare: number;
}

export function followerCounts(graph: SocialGraph): Uint32Array {
  const counts = new Uint32Array(graph.users);
  for (const t of graph.to) counts[t] = (counts[t] as number) + 1;
  return counts;
}

export function degreeStats(graph: SocialGraph): DegreeStats {
  const followers = followerCounts(graph);
  const following = new Uint32Array(graph.users);
  for (const f of graph.from) following[f] = (following[f] as number) + 1;
  const sorted = [...followers].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  const top = Math.max(1, Math.floor(graph.users / 100));
  const topSum = sorted.slice(-top).reduce((s, n) => s + n, 0);
  return {
    edges: graph.from.length,
    maxFollowers: sorted.at(-1) ?? 0,
    maxFollowing: Math.max(...following),
    followersP50: at(0.5),
    followersP99: at(0.99),
    over50k: sorted.filter((n) => n >= 50_000).length,
    over10k: sorted.filter((n) => n >= 10_000).length,
    over1k: sorted.filter((n) => n >= 1_000).length,
    top1PercentShare: topSum / graph.from.length,
  };
}
