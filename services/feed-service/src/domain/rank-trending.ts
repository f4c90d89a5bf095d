import type { TrendingCandidate } from "./trending-store.ts";

/** Engagement velocity with time decay: engagement / (age_hours + 2)^1.5 (HN-style gravity). */
export function trendingScore(engagement: number, ageMs: number): number {
  const ageHours = Math.max(0, ageMs) / 3_600_000;
  return engagement / (ageHours + 2) ** 1.5;
}

/**
 * Orders candidates by trending score (ties: newer first), authors in `hidden` left out. Explore
 * keeps one post per author on a page, after visibility filtering (an author's best post may be
 * one the viewer can't see, and must not shadow their next best).
 */
export function rankTrending(
  candidates: readonly TrendingCandidate[],
  now: number,
  hidden: ReadonlySet<string> = new Set(),
): TrendingCandidate[] {
  const scored = candidates
    .filter((c) => !hidden.has(c.authorId))
    .map((c) => ({ c, score: trendingScore(c.engagement, now - c.at) }))
    .sort((a, b) => b.score - a.score || b.c.at - a.c.at);
  return scored.map(({ c }) => c);
}
