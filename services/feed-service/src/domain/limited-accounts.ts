import type { CacheStore } from "@nova/cache";
import type { GraphPeer } from "../peers/graph-peer.ts";

/**
 * Accounts under trust-safety's `limit` action, in the cache (one sorted set, scored by when the
 * limit reached feed): their posts stay in their followers' timelines but leave explore and
 * for-you's trending source for everyone else. Written only by EnforcementChanged (see
 * events/apply-enforcement-event.ts); the set is small (a moderation action per account).
 */
export interface LimitedAccounts {
  limit(accountId: string, at: number): Promise<void>;
  lift(accountId: string): Promise<void>;
  /** Every limited account (read whole: it holds a handful of moderated accounts, not a population). */
  all(): Promise<ReadonlySet<string>>;
}

const SET = "feed:v1:limited-accounts";
// A read bound far above any real count of limited accounts (one moderation action each).
const MAX_READ = 100_000;

export function createLimitedAccounts(store: CacheStore): LimitedAccounts {
  return {
    async limit(accountId, at) {
      await store.zadd(SET, [{ member: accountId, score: at }]);
    },
    async lift(accountId) {
      await store.zrem(SET, accountId);
    },
    async all() {
      return new Set((await store.zrevrange(SET, { limit: MAX_READ })).map((m) => m.member));
    },
  };
}

/**
 * Of `authorIds`, the limited ones `viewerId` must not be shown: limited, not the viewer, and not
 * followed by the viewer (asked of graph only for limited authors present, so the usual page asks
 * nothing). A logged-out viewer follows nobody.
 */
export async function limitedForViewer(
  deps: { limited: LimitedAccounts; graph: Pick<GraphPeer, "followedAmong"> },
  viewerId: string | undefined,
  authorIds: Iterable<string>,
): Promise<ReadonlySet<string>> {
  const limited = await deps.limited.all();
  if (limited.size === 0) return limited;
  const present = [...new Set(authorIds)].filter((id) => limited.has(id) && id !== viewerId);
  if (present.length === 0 || !viewerId) return new Set(present);
  const followed = new Set(await deps.graph.followedAmong(viewerId, present));
  return new Set(present.filter((id) => !followed.has(id)));
}
