import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { EntityType, type GetFeaturesResponse } from "@nova/proto/feature_store/v1";
import { INTERACTION_WEIGHTS } from "../src/domain/feature-registry.ts";
import { ABSENT } from "../src/online/online-store.ts";
import {
  DATABASE_KINDS,
  type FeatureStoreHarness,
  startFeatureStore,
} from "./support/feature-store-harness.ts";
import { events } from "./support/source-events.ts";

const T0 = new Date("2026-01-01T00:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const id = () => Bun.randomUUIDv7();

/** The response as { entityId: { feature: value } }, defaults marked with a trailing "*". */
function table(res: GetFeaturesResponse): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const row of res.rows) {
    out[row.entityId] = Object.fromEntries(
      row.values.map((v, i) => {
        const value = v.kind.case === "weights" ? v.kind.value.weights : v.kind.value;
        return [`${res.featureNames[i]}${v.isDefault ? "*" : ""}`, value];
      }),
    );
  }
  return out;
}

for (const kind of DATABASE_KINDS) {
  describe(`features follow events (${kind})`, () => {
    let h: FeatureStoreHarness;
    beforeAll(async () => {
      h = await startFeatureStore(kind);
    });
    afterAll(async () => {
      await h?.close();
    });

    const get = async (entityType: EntityType, entityIds: string[], featureNames: string[] = []) =>
      table(await h.rpc().getFeatures({ entityType, entityIds, featureNames }));

    test("GetFeatures and ListFeatures need a credential (an end-user token or a service's); GetHistoricalFeatures a service's", async () => {
      const ask = { entityType: EntityType.USER, entityIds: [id()], featureNames: [] };
      expect(
        await h
          .rpc(null)
          .getFeatures(ask)
          .then(
            () => "ok",
            (e: Error) => e.message,
          ),
      ).toMatch(/access token is required/);
      expect(
        await h
          .rpc(null)
          .listFeatures({})
          .then(
            () => "ok",
            (e: Error) => e.message,
          ),
      ).toMatch(/access token is required/);
      expect(
        await h
          .rpc(null)
          .getHistoricalFeatures({ ...ask, at: timestampFromDate(new Date()) })
          .then(
            () => "ok",
            (e: Error) => e.message,
          ),
      ).toMatch(/service credential is required/);
      expect((await h.rpc().getFeatures(ask)).rows).toHaveLength(1);
    });

    test("post engagement counts over 1 h / 24 h / 7 d windows, velocity and age", async () => {
      const [author, a, b, c, post] = [id(), id(), id(), id(), id()];
      await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
      await h.deliver(events.likeCreated({ accountId: a, postId: post, authorId: author }), at(10));
      await h.deliver(events.commentCreated({ postId: post, postAuthorId: author, authorId: b }), at(20));
      await h.deliver(events.repostCreated({ accountId: c, postId: post, authorId: author }), at(120));
      await h.deliver(events.likeCreated({ accountId: b, postId: post, authorId: author }), at(60 * 30));
      const names = [
        "like_count",
        "comment_count",
        "repost_count",
        "engagement_1h",
        "engagement_24h",
        "engagement_7d",
        "engagement_velocity",
        "age_seconds",
      ];
      h.clock.now = at(60 * 30 + 1);
      expect((await get(EntityType.POST, [post], names))[post]).toEqual({
        like_count: 2,
        comment_count: 1,
        repost_count: 1,
        engagement_1h: 1,
        engagement_24h: 1,
        engagement_7d: 4,
        engagement_velocity: 1 / 24,
        age_seconds: (60 * 30 + 1) * 60,
      });
      // Two hours after publication: everything is inside 24 h, the 1 h window holds the repost.
      h.clock.now = at(121);
      const early = (await get(EntityType.POST, [post], names))[post];
      expect(early?.engagement_1h).toBe(1);
      expect(early?.engagement_24h).toBe(3);
      expect(early?.engagement_velocity).toBeCloseTo(3 / (121 / 60), 6);
      // Eight days later the windows are empty; totals stay.
      h.clock.now = at(60 * 24 * 8 + 60 * 30);
      const late = (await get(EntityType.POST, [post], names))[post];
      expect([late?.engagement_7d, late?.like_count]).toEqual([0, 2]);
    });

    test("unlike and delete undo their effects", async () => {
      const [author, fan, post] = [id(), id(), id()];
      await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
      await h.deliver(events.likeCreated({ accountId: fan, postId: post, authorId: author }), at(1));
      await h.deliver(events.likeDeleted({ accountId: fan, postId: post }), at(2));
      h.clock.now = at(3);
      expect(
        (await get(EntityType.POST, [post], ["like_count", "engagement_1h", "is_deleted"]))[post],
      ).toEqual({
        like_count: 0,
        engagement_1h: 0,
        is_deleted: 0,
      });
      expect(
        (await get(EntityType.USER_AUTHOR, [`${fan}:${author}`], ["like_count"]))[`${fan}:${author}`],
      ).toEqual({
        like_count: 0,
      });
      await h.deliver(events.postDeleted({ postId: post, authorId: author }), at(4));
      expect((await get(EntityType.POST, [post], ["is_deleted"]))[post]).toEqual({ is_deleted: 1 });
      expect((await get(EntityType.AUTHOR, [author], ["post_count"]))[author]).toEqual({ post_count: 0 });
    });

    test("author follower count and post rate", async () => {
      const [author, f1, f2] = [id(), id(), id()];
      await h.deliver(events.followCreated({ followerId: f1, followeeId: author }), at(0));
      await h.deliver(events.followCreated({ followerId: f2, followeeId: author }), at(1));
      await h.deliver(events.followCreated({ followerId: f2, followeeId: author }), at(2)); // already following
      await h.deliver(events.followDeleted({ followerId: f1, followeeId: author }), at(3));
      for (const [i, day] of [0, 2, 6.5].entries()) {
        const publishedAt = at(day * 24 * 60);
        await h.deliver(
          events.postCreated({ postId: `${author}-p${i}`, authorId: author, publishedAt }),
          publishedAt,
        );
      }
      h.clock.now = at(7 * 24 * 60 - 30);
      expect((await get(EntityType.AUTHOR, [author]))[author]).toEqual({
        follower_count: 1,
        post_count: 3,
        posts_24h: 1,
        post_rate_7d: 3 / 7,
      });
      const pair = `${f2}:${author}`;
      expect((await get(EntityType.USER_AUTHOR, [pair], ["follows"]))[pair]).toEqual({ follows: 1 });
      expect((await get(EntityType.USER, [f2], ["following_count"]))[f2]).toEqual({ following_count: 1 });
    });

    test("user→author affinity weighs likes, comments and reposts and decays over time", async () => {
      const [author, fan, post] = [id(), id(), id()];
      await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
      await h.deliver(events.likeCreated({ accountId: fan, postId: post, authorId: author }), at(1));
      await h.deliver(events.commentCreated({ postId: post, postAuthorId: author, authorId: fan }), at(1));
      await h.deliver(events.repostCreated({ accountId: fan, postId: post, authorId: author }), at(1));
      await h.deliver(events.likeCreated({ accountId: author, postId: post, authorId: author }), at(1)); // self
      const pair = `${fan}:${author}`;
      h.clock.now = at(1);
      expect((await get(EntityType.USER_AUTHOR, [pair]))[pair]).toEqual({
        affinity: 6,
        like_count: 1,
        comment_count: 1,
        repost_count: 1,
        "follows*": 0,
      });
      h.clock.now = at(1 + 7 * 24 * 60); // one half-life later
      expect((await get(EntityType.USER_AUTHOR, [pair], ["affinity"]))[pair]?.affinity).toBeCloseTo(3, 9);
      expect(
        (await get(EntityType.USER_AUTHOR, [`${author}:${author}`], ["affinity"]))[`${author}:${author}`],
      ).toEqual({
        "affinity*": 0,
      });
    });

    test("a profile visit raises user→author affinity by the visit weight only, decayed like the rest", async () => {
      const [author, fan, post] = [id(), id(), id()];
      const pair = `${fan}:${author}`;
      await h.deliver(
        events.postCreated({ postId: post, authorId: author, hashtags: ["bun"], publishedAt: at(0) }),
        at(0),
      );
      const visit = events.profileViewed({ viewerId: fan, profileId: author, viewedAt: at(1) });
      const eventId = await h.deliver(visit, at(1));
      await h.deliver(visit, at(1), eventId); // redelivery counts once
      h.clock.now = at(1);
      expect((await get(EntityType.USER_AUTHOR, [pair]))[pair]).toEqual({
        affinity: INTERACTION_WEIGHTS.visit,
        "like_count*": 0,
        "comment_count*": 0,
        "repost_count*": 0,
        "follows*": 0,
      });
      expect((await get(EntityType.USER, [fan], ["hashtag_interests"]))[fan]).toEqual({
        "hashtag_interests*": {},
      });
      await h.deliver(events.likeCreated({ accountId: fan, postId: post, authorId: author }), at(1));
      expect((await get(EntityType.USER_AUTHOR, [pair], ["affinity"]))[pair]?.affinity).toBe(
        INTERACTION_WEIGHTS.visit + INTERACTION_WEIGHTS.like,
      );
      h.clock.now = at(1 + 7 * 24 * 60); // one half-life later
      expect((await get(EntityType.USER_AUTHOR, [pair], ["affinity"]))[pair]?.affinity).toBeCloseTo(
        (INTERACTION_WEIGHTS.visit + INTERACTION_WEIGHTS.like) / 2,
        9,
      );
      // Another user-service event on the same topic is acknowledged and changes nothing.
      await h.deliver(events.profileCreated({ profileId: fan, username: "fan" }), at(2));
      expect((await h.ctx.offline.history("user_author", pair)).length).toBe(2);
    });

    test("user hashtag interests come from own posts and engagement", async () => {
      const [author, fan, post, own] = [id(), id(), id(), id()];
      await h.deliver(
        events.postCreated({ postId: post, authorId: author, hashtags: ["bun", "ts"], publishedAt: at(0) }),
        at(0),
      );
      await h.deliver(events.repostCreated({ accountId: fan, postId: post, authorId: author }), at(5));
      await h.deliver(
        events.postCreated({ postId: own, authorId: fan, hashtags: ["ts"], publishedAt: at(5) }),
        at(5),
      );
      h.clock.now = at(5);
      expect((await get(EntityType.USER, [fan], ["hashtag_interests"]))[fan]).toEqual({
        hashtag_interests: { bun: 3, ts: 4 },
      });
    });

    test("idempotent on redelivery: the same event id counts once", async () => {
      const [author, fan, post] = [id(), id(), id()];
      await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
      const like = events.likeCreated({ accountId: fan, postId: post, authorId: author });
      const eventId = await h.deliver(like, at(1));
      await h.deliver(like, at(1), eventId);
      await h.deliver(like, at(1), eventId);
      h.clock.now = at(2);
      expect((await get(EntityType.POST, [post], ["like_count", "engagement_1h"]))[post]).toEqual({
        like_count: 1,
        engagement_1h: 1,
      });
      expect((await h.ctx.offline.history("post", post)).length).toBe(2);
    });

    test("GetFeatures returns a dense batch with defaults, in request order", async () => {
      const [author, post] = [id(), id()];
      await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
      h.clock.now = at(60);
      const res = await h.rpc().getFeatures({
        entityType: EntityType.POST,
        entityIds: ["unknown-post", post],
        featureNames: ["age_seconds", "like_count"],
      });
      expect(res.featureNames).toEqual(["age_seconds", "like_count"]);
      expect(res.rows.map((r) => r.entityId)).toEqual(["unknown-post", post]);
      expect(table(res)).toEqual({
        "unknown-post": { "age_seconds*": -1, "like_count*": 0 },
        [post]: { age_seconds: 3600, "like_count*": 0 },
      });
      const user = await get(EntityType.USER, ["nobody"], ["hashtag_interests"]);
      expect(user.nobody).toEqual({ "hashtag_interests*": {} });
    });

    test("numbers_only answers the same batch as one packed row-major array (weights as NaN)", async () => {
      const [author, fan, post] = [id(), id(), id()];
      await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
      await h.deliver(events.likeCreated({ accountId: fan, postId: post, authorId: author }), at(1));
      h.clock.now = at(60);
      const req = { entityType: EntityType.POST, entityIds: ["unknown-post", post], featureNames: [] };
      const full = await h.rpc().getFeatures(req);
      const packed = await h.rpc().getFeatures({ ...req, numbersOnly: true });
      expect(packed.rows).toEqual([]);
      expect(full.numbers).toEqual([]);
      expect(packed.featureNames).toEqual(full.featureNames);
      expect(packed.numbers).toEqual(
        full.rows.flatMap((r) => r.values.map((v) => (v.kind.case === "number" ? v.kind.value : Number.NaN))),
      );
      const likes = packed.featureNames.indexOf("like_count");
      expect(packed.numbers[packed.featureNames.length + likes]).toBe(1);
      // A weights feature has no number: NaN in its cell.
      const user = await h.rpc().getFeatures({
        entityType: EntityType.USER,
        entityIds: [fan],
        featureNames: ["hashtag_interests"],
        numbersOnly: true,
      });
      expect(user.numbers.length).toBe(1);
      expect(Number.isNaN(user.numbers[0])).toBe(true);
    });

    test("an entity without state is remembered as such; its first event replaces the mark at once", async () => {
      const [author, fan, post] = [id(), id(), id()];
      const pair = `${fan}:${author}`;
      h.clock.now = at(1);
      expect((await get(EntityType.USER_AUTHOR, [pair], ["like_count"]))[pair]).toEqual({ "like_count*": 0 });
      // Cached as absent: the next read answers from the online store without the state table.
      expect(await h.ctx.online.getMany("user_author", [pair])).toEqual([ABSENT]);
      expect((await get(EntityType.USER_AUTHOR, [pair], ["like_count"]))[pair]).toEqual({ "like_count*": 0 });
      await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
      await h.deliver(events.likeCreated({ accountId: fan, postId: post, authorId: author }), at(1));
      expect((await get(EntityType.USER_AUTHOR, [pair], ["like_count"]))[pair]).toEqual({ like_count: 1 });
    });

    test("bad requests are InvalidArgument errors naming the problem", async () => {
      const call = (req: Parameters<ReturnType<FeatureStoreHarness["rpc"]>["getFeatures"]>[0]) =>
        h
          .rpc()
          .getFeatures(req)
          .then(
            () => undefined,
            (err) => ConnectError.from(err),
          );
      const unknownFeature = await call({
        entityType: EntityType.POST,
        entityIds: ["x"],
        featureNames: ["nope"],
      });
      expect(unknownFeature?.code).toBe(Code.InvalidArgument);
      expect(unknownFeature?.rawMessage).toContain("nope");
      expect((await call({ entityType: EntityType.UNSPECIFIED, entityIds: ["x"] }))?.code).toBe(
        Code.InvalidArgument,
      );
      expect((await call({ entityType: EntityType.POST, entityIds: [] }))?.code).toBe(Code.InvalidArgument);
      const tooMany = Array.from({ length: 1_001 }, (_, i) => `p${i}`);
      expect((await call({ entityType: EntityType.POST, entityIds: tooMany }))?.code).toBe(
        Code.InvalidArgument,
      );
    });
  });
}
