import type { TimelineEntry } from "./timeline-store.ts";

/** Where a for-you candidate came from, as ranking-service and clients see it. */
export type CandidateSource = "following" | "friends_of_friends" | "trending";

/** A for-you candidate: a post, its author, a time (see `gatherForYouCandidates`) and its source. */
export interface ForYouCandidate extends TimelineEntry {
  source: CandidateSource;
}

/** Candidate lists per source, each best (or newest) first. */
export type CandidateSources = Record<CandidateSource, readonly TimelineEntry[]>;

// In priority order: a post found by two sources keeps the first one's label.
const PRIORITY: readonly CandidateSource[] = ["following", "friends_of_friends", "trending"];

// Share of the cap each source is guaranteed, so a long home timeline can't crowd the others
// out; whatever a source leaves unused goes to the others in priority order.
const SHARE: Record<CandidateSource, number> = { following: 0.5, friends_of_friends: 0.3, trending: 0.2 };

/**
 * The union of the sources, at most `cap` posts: deduplicated by post id (following, then
 * friends-of-friends, then trending wins), hidden authors left out everywhere, and the viewer's own
 * posts left out of the discovery sources (its home timeline holds them anyway). Each source gets
 * its share of the cap first, then the remaining room is filled in priority order. The result is
 * grouped by source (ranking reorders it; the chronological fallback sorts it by time).
 */
export function mergeForYouCandidates(
  sources: CandidateSources,
  opts: { viewerId: string; cap: number; isHidden(authorId: string): boolean },
): ForYouCandidate[] {
  const seen = new Set<string>();
  const lists = PRIORITY.map((source) =>
    sources[source]
      .filter((e) => {
        if (seen.has(e.postId) || opts.isHidden(e.authorId)) return false;
        if (source !== "following" && e.authorId === opts.viewerId) return false;
        seen.add(e.postId);
        return true;
      })
      .map((e): ForYouCandidate => ({ postId: e.postId, authorId: e.authorId, at: e.at, source })),
  );
  const taken = lists.map((list, i) =>
    Math.min(list.length, Math.floor(opts.cap * SHARE[PRIORITY[i] ?? "trending"])),
  );
  let room = opts.cap - taken.reduce((a, b) => a + b, 0);
  for (let i = 0; i < lists.length && room > 0; i++) {
    const extra = Math.min(room, (lists[i]?.length ?? 0) - (taken[i] ?? 0));
    taken[i] = (taken[i] ?? 0) + extra;
    room -= extra;
  }
  return lists.flatMap((list, i) => list.slice(0, taken[i]));
}
