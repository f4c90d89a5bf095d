import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { serviceTopic } from "@nova/events";
import { EntityType } from "@nova/proto/feature_store/v1";
import { rebuildFromHistory } from "../src/domain/rebuild-from-history.ts";
import { SOURCE_SERVICES } from "../src/domain/source-event-types.ts";
import { readEmbeddedHistory } from "../src/events/read-embedded-history.ts";
import { replayTopics } from "../src/events/replay-topics.ts";
import { type FeatureStoreHarness, startFeatureStore } from "./support/feature-store-harness.ts";
import { events } from "./support/source-events.ts";

const T0 = new Date("2026-02-01T00:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const id = () => Bun.randomUUIDv7();

describe("offline features: point in time and backfill", () => {
  let h: FeatureStoreHarness;
  const [author, fan1, fan2, post] = [id(), id(), id(), id()];

  beforeAll(async () => {
    h = await startFeatureStore("pglite");
    await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
    await h.deliver(events.likeCreated({ accountId: fan1, postId: post, authorId: author }), at(10));
    await h.deliver(events.likeCreated({ accountId: fan2, postId: post, authorId: author }), at(20));
    await h.deliver(events.followCreated({ followerId: fan1, followeeId: author }), at(30));
    await h.deliver(events.likeDeleted({ accountId: fan1, postId: post }), at(40));
    await h.deliver(events.profileViewed({ viewerId: fan2, profileId: author, viewedAt: at(35) }), at(35));
    await h.deliver(events.profileCreated({ profileId: fan2, username: "fan2" }), at(36)); // not ours
  });
  const visitPair = `${fan2}:${author}`;
  afterAll(async () => {
    await h?.close();
  });

  const historical = async (
    entityType: EntityType,
    entityIds: string[],
    featureNames: string[],
    when: Date,
  ) => {
    const res = await h
      .rpc()
      .getHistoricalFeatures({ entityType, entityIds, featureNames, at: timestampFromDate(when) });
    return res.rows.map((r) =>
      r.values.map((v) => (v.kind.case === "number" ? v.kind.value : v.kind.value?.weights)),
    );
  };

  /** Online user→author features of the pairs the history touched (the visit's among them). */
  const pairFeatures = async () =>
    (
      await h.rpc().getFeatures({
        entityType: EntityType.USER_AUTHOR,
        entityIds: [`${fan1}:${author}`, visitPair],
      })
    ).rows;

  test("GetHistoricalFeatures returns what was known at that time", async () => {
    const names = ["like_count", "age_seconds"];
    expect(await historical(EntityType.POST, [post], names, at(-1))).toEqual([[0, -1]]);
    expect(await historical(EntityType.POST, [post], names, at(15))).toEqual([[1, 900]]);
    expect(await historical(EntityType.POST, [post], names, at(25))).toEqual([[2, 1500]]);
    expect(await historical(EntityType.POST, [post], names, at(45))).toEqual([[1, 2700]]);
    expect(await historical(EntityType.AUTHOR, [author], ["follower_count"], at(29))).toEqual([[0]]);
    expect(await historical(EntityType.AUTHOR, [author], ["follower_count"], at(30))).toEqual([[1]]);
  });

  test("a profile visit counts in affinity only from its time on", async () => {
    const affinity = async (when: Date) =>
      (await historical(EntityType.USER_AUTHOR, [visitPair], ["affinity"], when))[0]?.[0];
    const decay = (minutes: number) => 2 ** (-minutes / (7 * 24 * 60)); // 7-day half-life
    // fan2 liked at minute 20 (weight 1) and visited at minute 35 (weight 0.5).
    expect(await affinity(at(34))).toBeCloseTo(decay(14), 9);
    expect(await affinity(at(35))).toBeCloseTo(decay(15) + 0.5, 9);
    expect(await affinity(at(35 + 7 * 24 * 60))).toBeCloseTo((decay(15) + 0.5) / 2, 9);
  });

  test("windows are evaluated at the requested time, not now", async () => {
    // At minute 25 both likes are within the hour. At minute 200 nothing happened in the last hour,
    // while the last 24 h hold two likes and one unlike.
    expect(await historical(EntityType.POST, [post], ["engagement_1h"], at(25))).toEqual([[2]]);
    expect(await historical(EntityType.POST, [post], ["engagement_1h"], at(200))).toEqual([[0]]);
    expect(await historical(EntityType.POST, [post], ["engagement_24h"], at(200))).toEqual([[1]]);
  });

  test("the online value matches the offline value at the same time", async () => {
    h.clock.now = at(50);
    const online = await h.rpc().getFeatures({ entityType: EntityType.POST, entityIds: [post] });
    const offline = await h.rpc().getHistoricalFeatures({
      entityType: EntityType.POST,
      entityIds: [post],
      at: timestampFromDate(at(50)),
    });
    expect(offline.rows).toEqual(online.rows);
  });

  test("GetHistoricalFeatures needs a time", async () => {
    const err = await h
      .rpc()
      .getHistoricalFeatures({ entityType: EntityType.POST, entityIds: [post] })
      .catch((e) => ConnectError.from(e));
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
  });

  test("backfill rebuilds states, history and cache from the bus log", async () => {
    h.clock.now = at(50);
    const entityIds = [post];
    const before = await h.rpc().getFeatures({ entityType: EntityType.POST, entityIds });
    const pairsBefore = await pairFeatures();
    const historyBefore = await h.ctx.offline.history("post", post);
    const pairHistoryBefore = await h.ctx.offline.history("user_author", visitPair);
    const topics = SOURCE_SERVICES.map((s) => serviceTopic(s));
    const result = await rebuildFromHistory({
      ctx: h.ctx,
      history: readEmbeddedHistory(h.ctx.db.db, topics),
    });
    expect(result.read).toBeGreaterThanOrEqual(7);
    expect(result.materialised).toBe(6);
    expect((await h.rpc().getFeatures({ entityType: EntityType.POST, entityIds })).rows).toEqual(before.rows);
    expect(await pairFeatures()).toEqual(pairsBefore);
    const historyAfter = await h.ctx.offline.history("post", post);
    expect(historyAfter.map((s) => [s.validFrom, s.version, s.state])).toEqual(
      historyBefore.map((s) => [s.validFrom, s.version, s.state]),
    );
    const pairHistoryAfter = await h.ctx.offline.history("user_author", visitPair);
    expect(pairHistoryAfter.map((s) => [s.validFrom, s.version, s.state])).toEqual(
      pairHistoryBefore.map((s) => [s.validFrom, s.version, s.state]),
    );
    // A rebuild twice in a row gives the same answers (nothing counted twice).
    await rebuildFromHistory({ ctx: h.ctx, history: readEmbeddedHistory(h.ctx.db.db, topics) });
    expect((await h.rpc().getFeatures({ entityType: EntityType.POST, entityIds })).rows).toEqual(before.rows);
    expect(await pairFeatures()).toEqual(pairsBefore);
  });

  test("backfill through a fresh consumer group (the Kafka path) rebuilds the same features", async () => {
    h.clock.now = at(50);
    const entityIds = [post];
    const before = await h.rpc().getFeatures({ entityType: EntityType.POST, entityIds });
    const pairsBefore = await pairFeatures();
    const topics = SOURCE_SERVICES.map((s) => serviceTopic(s));
    const result = await rebuildFromHistory({
      ctx: h.ctx,
      history: replayTopics({ bus: h.ctx.bus, service: "feature-store", topics, idleMs: 500 }),
    });
    expect(result.materialised).toBe(6);
    expect((await h.rpc().getFeatures({ entityType: EntityType.POST, entityIds })).rows).toEqual(before.rows);
    expect(await pairFeatures()).toEqual(pairsBefore);
    expect((await h.ctx.offline.history("post", post)).length).toBe(4);
  });
});
