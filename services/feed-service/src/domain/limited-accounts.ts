import type { Database } from "@nova/db";
import { eq } from "drizzle-orm";
import { limitedAccounts } from "../db/schema/index.ts";
import type { GraphPeer } from "../peers/graph-peer.ts";

/**
 * Accounts under trust-safety's `limit` (feed_service.limited_accounts): their posts stay in their
 * followers' timelines but leave explore and for-you's trending source for everyone else. Written
 * only by EnforcementChanged (events/apply-enforcement-event.ts). The whole set (a handful of
 * moderated accounts, not a population) is held per instance for `snapshotMs`, so explore reads cost
 * no query; another instance's change applies within that time, this instance's at once.
 */
export interface LimitedAccounts {
  limit(accountId: string, at: Date): Promise<void>;
  lift(accountId: string): Promise<void>;
  all(): Promise<ReadonlySet<string>>;
}

export function createLimitedAccounts(
  db: Database,
  opts: { snapshotMs: number; clock: () => Date },
): LimitedAccounts {
  let snapshot: { at: number; ids: Promise<ReadonlySet<string>> } | undefined;
  return {
    async limit(accountId, at) {
      await db.insert(limitedAccounts).values({ accountId, limitedAt: at }).onConflictDoNothing();
      snapshot = undefined;
    },
    async lift(accountId) {
      await db.delete(limitedAccounts).where(eq(limitedAccounts.accountId, accountId));
      snapshot = undefined;
    },
    all() {
      const now = opts.clock().getTime();
      if (snapshot && now >= snapshot.at && now - snapshot.at < opts.snapshotMs) return snapshot.ids;
      const taken = {
        at: now,
        ids: db
          .select({ id: limitedAccounts.accountId })
          .from(limitedAccounts)
          .then((rows) => new Set(rows.map((r) => r.id)) as ReadonlySet<string>),
      };
      snapshot = taken;
      // A failed read is not kept: the next reader tries again.
      taken.ids.catch(() => {
        if (snapshot === taken) snapshot = undefined;
      });
      return taken.ids;
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
