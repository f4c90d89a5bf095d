import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createEmbeddedCacheStore } from "@nova/cache";
import { type DatabaseHandle, withTransaction } from "@nova/db";
import type { DeliveredEvent } from "@nova/events";
import { EntityType } from "@nova/proto/feature_store/v1";
import { asc } from "drizzle-orm";
import { clearStates } from "../src/db/entity-state-queries.ts";
import { entityStates, offlineSnapshots } from "../src/db/schema/index.ts";
import {
  type AppliedSourceEvents,
  applySourceEvent,
  applySourceEvents,
} from "../src/domain/apply-source-event.ts";
import type { EntityType as EntityTypeName } from "../src/domain/entity-types.ts";
import { createPostgresOfflineStore } from "../src/offline/create-postgres-offline-store.ts";
import { createOnlineStore } from "../src/online/online-store.ts";
import {
  DATABASE_KINDS,
  type FeatureStoreHarness,
  openDatabase,
  startFeatureStore,
} from "./support/feature-store-harness.ts";
import { delivered, events as e, type SourceEventSpec } from "./support/source-events.ts";

const T0 = new Date("2026-03-01T00:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const id = () => Bun.randomUUIDv7();

/**
 * A run that touches the same entities again and again: posts and likes of one author, a late
 * event (stamped no earlier than the state it lands on), no-op events (a repeated follow, an
 * unfollow of someone not followed, a replayed PostCreated, a comment like), profile visits (one of
 * oneself) and types that are not ours.
 */
function sourceEvents(): DeliveredEvent[] {
  const [author, other, u1, u2, u3, p1, p2, p3] = [id(), id(), id(), id(), id(), id(), id(), id()];
  const run: [SourceEventSpec, number][] = [
    [e.postCreated({ postId: p1, authorId: author, hashtags: ["cats", "dogs"], publishedAt: at(0) }), 0],
    [e.postCreated({ postId: p2, authorId: author, hashtags: ["cats"], publishedAt: at(1) }), 1],
    [e.likeCreated({ accountId: u1, postId: p1, authorId: author }), 2],
    [e.likeCreated({ accountId: u2, postId: p1, authorId: author }), 3],
    [e.commentCreated({ postId: p1, postAuthorId: author, authorId: u1 }), 4],
    [e.repostCreated({ accountId: u2, postId: p1, authorId: author }), 5],
    [e.followCreated({ followerId: u1, followeeId: author }), 6],
    [e.followCreated({ followerId: u1, followeeId: author }), 7],
    [e.likeDeleted({ accountId: u1, postId: p1 }), 8],
    [e.likeCreated({ accountId: u3, postId: p1, authorId: author }), 1],
    [e.postCreated({ postId: p3, authorId: other, hashtags: ["birds"], publishedAt: at(9) }), 9],
    [e.likeCreated({ accountId: u1, postId: p3, authorId: other }), 10],
    [e.postDeleted({ postId: p2, authorId: author }), 11],
    [e.followDeleted({ followerId: u2, followeeId: author }), 12],
    [{ ...e.followCreated({ followerId: u2, followeeId: other }), type: "nova.graph.v1.BlockCreated" }, 13],
    [e.likeCreated({ accountId: u1, postId: p1, authorId: author, subjectKind: 2 }), 14],
    [e.followCreated({ followerId: u2, followeeId: other }), 15],
    [e.postCreated({ postId: p1, authorId: author, publishedAt: at(16) }), 16],
    [e.likeCreated({ accountId: u2, postId: p1, authorId: author }), 17],
    [e.profileViewed({ viewerId: u1, profileId: author, viewedAt: at(18) }), 18],
    [e.profileViewed({ viewerId: u3, profileId: other, viewedAt: at(19) }), 19],
    [e.profileViewed({ viewerId: author, profileId: author, viewedAt: at(20) }), 20],
    [e.profileCreated({ profileId: u3, username: "u3" }), 21],
  ];
  return run.map(([spec, minute]) => delivered(spec, at(minute)));
}

for (const kind of DATABASE_KINDS) {
  describe(`applySourceEvents (${kind})`, () => {
    let db: DatabaseHandle;
    const offline = () => createPostgresOfflineStore(db.db);
    beforeAll(async () => {
      db = await openDatabase(kind);
    });
    afterAll(async () => {
      await db?.close();
    });

    /** Applies `runs` (each in one transaction) on empty stores; returns everything they hold. */
    async function materialise(runs: readonly (readonly DeliveredEvent[])[]) {
      await clearStates(db.db);
      await offline().clear();
      const ctx = { offline: offline(), online: createOnlineStore(createEmbeddedCacheStore()) };
      for (const events of runs) {
        const applied: AppliedSourceEvents = await withTransaction(db.db, (tx) =>
          events.length === 1 && events[0]
            ? applySourceEvent({ ctx, tx, event: events[0] })
            : applySourceEvents({ ctx, tx, events }),
        );
        await applied.afterCommit();
      }
      const states = await db.db
        .select({
          entityType: entityStates.entityType,
          entityId: entityStates.entityId,
          state: entityStates.state,
          validFrom: entityStates.validFrom,
          version: entityStates.version,
        })
        .from(entityStates)
        .orderBy(asc(entityStates.entityType), asc(entityStates.entityId));
      const snapshots = await db.db
        .select({
          entityType: offlineSnapshots.entityType,
          entityId: offlineSnapshots.entityId,
          version: offlineSnapshots.version,
          validFrom: offlineSnapshots.validFrom,
          eventId: offlineSnapshots.eventId,
          state: offlineSnapshots.state,
        })
        .from(offlineSnapshots)
        .orderBy(
          asc(offlineSnapshots.entityType),
          asc(offlineSnapshots.entityId),
          asc(offlineSnapshots.version),
        );
      const online = await Promise.all(
        states.map(async (s) => (await ctx.online.getMany(s.entityType as EntityTypeName, [s.entityId]))[0]),
      );
      return { states, snapshots, online };
    }

    test("one batch gives the same states, offline history and online values as one event at a time", async () => {
      const events = sourceEvents();
      const oneByOne = await materialise(events.map((event) => [event]));
      const batch = await materialise([events]);

      expect(batch.states).toEqual(oneByOne.states);
      expect(batch.snapshots).toEqual(oneByOne.snapshots);
      expect(batch.online).toEqual(oneByOne.online);
      // The run is not trivial: entities changed many times, every version kept with its event.
      const p1 = oneByOne.states.filter((s) => s.entityType === "post" && s.version === 8);
      expect(p1.map((s) => s.state.likes)).toEqual([3]);
      expect(oneByOne.snapshots.length).toBeGreaterThan(oneByOne.states.length * 2);
      expect(oneByOne.online.every((v) => v !== undefined)).toBe(true);
    });

    test("a run split into batches gives the same results as one batch", async () => {
      const events = sourceEvents();
      const whole = await materialise([events]);
      const split = await materialise([events.slice(0, 7), events.slice(7, 8), events.slice(8)]);

      expect(split).toEqual(whole);
    });
  });
}

describe("source-event consumer with batch delivery", () => {
  let h: FeatureStoreHarness;
  beforeAll(async () => {
    h = await startFeatureStore("pglite");
  });
  afterAll(async () => {
    await h?.close();
  });

  test("a burst of likes applies as a batch, each like once", async () => {
    const [author, post] = [id(), id()];
    await h.deliver(e.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
    const fans = Array.from({ length: 20 }, () => id());
    const likes = fans.map((fan, i) => ({
      spec: e.likeCreated({ accountId: fan, postId: post, authorId: author }),
      at: at(1 + i),
    }));
    const ids = await h.deliverAll(likes);
    h.clock.now = at(30);

    expect(h.batchSizes.some((size) => size > 1)).toBe(true);
    const res = await h.rpc().getFeatures({ entityType: EntityType.POST, entityIds: [post] });
    expect(res.featureNames.map((name, i) => [name, res.rows[0]?.values[i]?.kind.value])).toContainEqual([
      "like_count",
      20,
    ]);
    expect(ids.length).toBe(20);
    const history = await h.ctx.offline.history("post", post);
    expect(history.map((s) => s.version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(history.slice(1).map((s) => s.eventId)).toEqual(ids);
  });
});
