import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ImpressionRecord, ImpressionStore } from "../store/impression-store.ts";

const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);

function impression(
  viewerId: string,
  rankingId: string,
  position: number,
  over: Partial<ImpressionRecord> = {},
) {
  return {
    rankingId,
    viewerId,
    postId: `${rankingId}-p${position}`,
    authorId: `author-${position % 3}`,
    position,
    score: 0.5 - position / 100,
    modelVersion: "logistic-v1",
    features: { freshness: 0.75, engagement: 0.125, affinity: 0.5, followed_author: 1, author_quality: 0.25 },
    shownAt: new Date(T0 + position * 1000),
    ...over,
  } satisfies ImpressionRecord;
}

/**
 * The behaviour every ImpressionStore adapter must have (embedded PostgreSQL tables and ClickHouse).
 * Each test uses fresh viewer ids, so the suite runs against a store that already holds data.
 */
export function describeImpressionStoreContract(
  label: string,
  makeStore: () => Promise<ImpressionStore>,
): void {
  describe(`ImpressionStore contract: ${label}`, () => {
    let store: ImpressionStore;
    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(() => store?.close());
    const viewer = () => `viewer-${crypto.randomUUID()}`;

    test("answers ping", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    test("reads back impressions with their features, oldest first, labelled by feedback", async () => {
      const v = viewer();
      const rk = crypto.randomUUID();
      await store.recordImpressions([2, 0, 1].map((p) => impression(v, rk, p)));
      await store.recordFeedback([
        { viewerId: v, postId: `${rk}-p1`, kind: "like", at: new Date(T0 + 5000) },
      ]);
      const rows = await store.listLabelled({ viewerIds: [v], limit: 100 });
      expect(rows.map((r) => [r.position, r.engaged])).toEqual([
        [0, false],
        [1, true],
        [2, false],
      ]);
      const first = rows[0] as (typeof rows)[number];
      expect(first).toMatchObject({ rankingId: rk, viewerId: v, postId: `${rk}-p0`, authorId: "author-0" });
      expect(first.score).toBeCloseTo(0.5, 9);
      expect(first.features).toEqual(impression(v, rk, 0).features);
      expect(first.shownAt.toISOString()).toBe(new Date(T0).toISOString());
    });

    test("a hide is not engagement; any other kind is", async () => {
      const v = viewer();
      const rk = crypto.randomUUID();
      await store.recordImpressions([0, 1, 2].map((p) => impression(v, rk, p)));
      await store.recordFeedback([
        { viewerId: v, postId: `${rk}-p0`, kind: "hide", at: new Date(T0) },
        { viewerId: v, postId: `${rk}-p2`, kind: "click", at: new Date(T0) },
      ]);
      const rows = await store.listLabelled({ viewerIds: [v], limit: 100 });
      expect(rows.map((r) => r.engaged)).toEqual([false, false, true]);
    });

    test("feedback of another viewer does not label this viewer's impression", async () => {
      const [a, b] = [viewer(), viewer()];
      const rk = crypto.randomUUID();
      await store.recordImpressions([impression(a, rk, 0)]);
      await store.recordFeedback([{ viewerId: b, postId: `${rk}-p0`, kind: "like", at: new Date(T0) }]);
      const rows = await store.listLabelled({ viewerIds: [a], limit: 10 });
      expect(rows.map((r) => r.engaged)).toEqual([false]);
    });

    test("logging the same impression or feedback twice keeps one", async () => {
      const v = viewer();
      const rk = crypto.randomUUID();
      await store.recordImpressions([impression(v, rk, 0), impression(v, rk, 1)]);
      await store.recordImpressions([impression(v, rk, 0)]);
      const like = { viewerId: v, postId: `${rk}-p0`, kind: "like" as const, at: new Date(T0) };
      await store.recordFeedback([like]);
      await store.recordFeedback([like]);
      const rows = await store.listLabelled({ viewerIds: [v], limit: 100 });
      expect(rows.map((r) => [r.postId, r.engaged])).toEqual([
        [`${rk}-p0`, true],
        [`${rk}-p1`, false],
      ]);
    });

    test("since and limit bound the read", async () => {
      const v = viewer();
      const rk = crypto.randomUUID();
      await store.recordImpressions([0, 1, 2, 3].map((p) => impression(v, rk, p)));
      const since = await store.listLabelled({ viewerIds: [v], since: new Date(T0 + 2000), limit: 100 });
      expect(since.map((r) => r.position)).toEqual([2, 3]);
      const limited = await store.listLabelled({ viewerIds: [v], limit: 3 });
      expect(limited.map((r) => r.position)).toEqual([0, 1, 2]);
    });

    test("feedbackOf reads one account's feedback, oldest first", async () => {
      const [v, w] = [viewer(), viewer()];
      await store.recordFeedback([
        { viewerId: v, postId: "p2", kind: "like", at: new Date(T0 + 2000) },
        { viewerId: v, postId: "p1", kind: "click", at: new Date(T0 + 1000) },
        { viewerId: w, postId: "p1", kind: "hide", at: new Date(T0) },
      ]);
      expect(await store.feedbackOf(v, 10)).toEqual([
        { viewerId: v, postId: "p1", kind: "click", at: new Date(T0 + 1000) },
        { viewerId: v, postId: "p2", kind: "like", at: new Date(T0 + 2000) },
      ]);
      expect(await store.feedbackOf(v, 1)).toHaveLength(1);
    });

    test("eraseAccount deletes what was shown to it, its posts' impressions and its feedback", async () => {
      const [gone, other] = [viewer(), viewer()];
      const rk = crypto.randomUUID();
      await store.recordImpressions([
        impression(gone, `${rk}-a`, 0),
        impression(other, `${rk}-b`, 0, { authorId: gone }),
        impression(other, `${rk}-b`, 1),
      ]);
      await store.recordFeedback([{ viewerId: gone, postId: `${rk}-a-p0`, kind: "like", at: new Date(T0) }]);
      await store.eraseAccount(gone);
      await store.eraseAccount(gone);
      expect(await store.listLabelled({ viewerIds: [gone], limit: 10 })).toEqual([]);
      expect(await store.feedbackOf(gone, 10)).toEqual([]);
      const others = await store.listLabelled({ viewerIds: [other], limit: 10 });
      expect(others.map((r) => r.position)).toEqual([1]);
    });

    test("empty writes are no-ops", async () => {
      await store.recordImpressions([]);
      await store.recordFeedback([]);
      expect(await store.listLabelled({ viewerIds: [viewer()], limit: 10 })).toEqual([]);
    });
  });
}
