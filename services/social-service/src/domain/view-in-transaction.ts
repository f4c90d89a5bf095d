import type { Database } from "@nova/db";
import { type Counts, ZERO_COUNTS } from "../db/counter-queries.ts";
import { findViewerStates } from "../db/viewer-state-queries.ts";
import type { EngagementView } from "./engagement-view.ts";

/**
 * The post's engagement as the write just left it, read in the write's own transaction (the counts
 * come from the locked row): a write answers without a second trip through the pool and the cache.
 */
export async function viewInTransaction(
  tx: Database,
  accountId: string,
  postId: string,
  counts: Counts | undefined,
): Promise<EngagementView> {
  const s = await findViewerStates(tx, accountId, [postId], true);
  return {
    postId,
    counts: counts ?? { ...ZERO_COUNTS },
    viewerState: {
      liked: s.liked.has(postId),
      reposted: s.reposted.has(postId),
      bookmarked: s.bookmarked.has(postId),
    },
  };
}
