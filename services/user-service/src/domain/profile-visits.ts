import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type CacheStore, createKeyspace } from "@nova/cache";
import { type Database, withTransaction } from "@nova/db";
import type { Logger } from "@nova/observability";
import type { Outbox, OutboxRelay } from "@nova/outbox";
import { ProfileViewedSchema } from "@nova/proto/user/v1";
import type { Viewer } from "./viewer.ts";

/** A viewer × profile pair announces at most one ProfileViewed per this window. */
export const PROFILE_VISIT_WINDOW_MS = 60 * 60 * 1000;

/** Pairs one instance remembers having announced (see createProfileVisits). */
const MAX_CLAIMS_HELD = 10_000;

const keyspace = createKeyspace("user-service", 1);
const visitKey = (viewerId: string, profileId: string) => keyspace.key("visit", viewerId, profileId);

/** One read of a profile that was found and answered. */
export interface ProfileVisit {
  viewer: Viewer;
  profileId: string;
  traceparent?: string | undefined;
}

/**
 * Records visits of other accounts' profiles as ProfileViewed (private: it feeds feature-store's
 * affinity, nobody sees it). Recording runs after the read has its answer and is not awaited by it,
 * so a visit never adds a cache round trip or a commit to a profile read, and never fails one.
 */
export interface ProfileVisits {
  /** Starts recording `visit` in the background; anonymous and own-profile visits are ignored. */
  record(visit: ProfileVisit): void;
  /** Resolves once every recording started so far has finished (shutdown drains; tests wait). */
  settled(): Promise<void>;
}

export function createProfileVisits(deps: {
  db: Database;
  store: CacheStore;
  outbox: Outbox;
  relay: OutboxRelay;
  clock: () => Date;
  log: Logger;
}): ProfileVisits {
  const pending = new Set<Promise<void>>();
  // Pairs this instance itself announced, until their window ends: while the shared claim it won
  // stands, asking the cache again (a round trip on every read of a profile seen lately) can only
  // lose. Bounded; the oldest claim is forgotten first (the shared claim still holds then).
  const claimedUntil = new Map<string, number>();

  function heldHere(key: string, now: number): boolean {
    const until = claimedUntil.get(key);
    if (until === undefined) return false;
    if (until > now) return true;
    claimedUntil.delete(key);
    return false;
  }

  async function enqueueOnce(viewerId: string, profileId: string, traceparent?: string): Promise<void> {
    // SET NX PX: the store's only atomic set-if-absent with a TTL (CacheStore has no plain one). Two
    // instances serving the same pair at once cannot both win, and the claim expires on its own.
    const key = visitKey(viewerId, profileId);
    if (heldHere(key, deps.clock().getTime())) return;
    const claim = await deps.store.acquireLock(key, PROFILE_VISIT_WINDOW_MS);
    if (!claim) return;
    const viewedAt = deps.clock();
    try {
      await withTransaction(deps.db, (tx) =>
        deps.outbox.enqueue(tx, {
          // Keyed by viewer: a popular profile's visits spread over partitions instead of piling on one.
          aggregateId: viewerId,
          schema: ProfileViewedSchema,
          payload: create(ProfileViewedSchema, {
            viewerId,
            profileId,
            viewedAt: timestampFromDate(viewedAt),
          }),
          traceparent,
          occurredAt: viewedAt,
        }),
      );
    } catch (err) {
      // Not announced: let the next visit within the hour try again.
      await deps.store.releaseLock(key, claim).catch(() => {});
      throw err;
    }
    claimedUntil.set(key, viewedAt.getTime() + PROFILE_VISIT_WINDOW_MS);
    if (claimedUntil.size > MAX_CLAIMS_HELD) claimedUntil.delete(claimedUntil.keys().next().value as string);
    deps.relay.wake();
  }

  return {
    record({ viewer, profileId, traceparent }) {
      if (!viewer || viewer.accountId === profileId) return;
      const viewerId = viewer.accountId;
      const task = enqueueOnce(viewerId, profileId, traceparent)
        .catch((err) => deps.log.warn("profile visit not recorded", { err, viewerId, profileId }))
        .finally(() => pending.delete(task));
      pending.add(task);
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
