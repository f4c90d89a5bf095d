import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { EntityType } from "@nova/proto/feature_store/v1";
import { type FeatureStoreHarness, startFeatureStore } from "./support/feature-store-harness.ts";
import { events } from "./support/source-events.ts";

const T0 = new Date("2026-01-01T00:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const id = () => Bun.randomUUIDv7();

/** identity's AccountDeleted erases every feature about the account, online and offline (deliver 8). */
describe("erasure on account deletion", () => {
  let h: FeatureStoreHarness;
  const [gone, author, fan, other] = [id(), id(), id(), id()];
  const goneAuthorPost = id();
  const otherPost = id();

  beforeAll(async () => {
    h = await startFeatureStore("pglite");
    // gone posts about #knitting, visits and likes author's post; fan likes gone's post; other is untouched.
    await h.deliver(
      events.postCreated({
        postId: goneAuthorPost,
        authorId: gone,
        hashtags: ["knitting"],
        publishedAt: at(0),
      }),
      at(0),
    );
    await h.deliver(events.postCreated({ postId: otherPost, authorId: author, publishedAt: at(0) }), at(0));
    await h.deliver(events.profileViewed({ viewerId: gone, profileId: author, viewedAt: at(1) }), at(1));
    await h.deliver(events.likeCreated({ accountId: gone, postId: otherPost, authorId: author }), at(2));
    await h.deliver(events.likeCreated({ accountId: fan, postId: goneAuthorPost, authorId: gone }), at(3));
    await h.deliver(events.likeCreated({ accountId: other, postId: otherPost, authorId: author }), at(4));
    h.clock.now = at(10);
    // Read once so the online cache holds the states (erasure must reach the cache too).
    await h.rpc().getFeatures({ entityType: EntityType.USER, entityIds: [gone] });
  });
  afterAll(async () => {
    await h?.close();
  });

  const interests = async (accountId: string) =>
    (
      await h.rpc().getFeatures({
        entityType: EntityType.USER,
        entityIds: [accountId],
        featureNames: ["hashtag_interests"],
      })
    ).rows[0]?.values[0];
  const pair = async (entityId: string) =>
    (
      await h.rpc().getFeatures({
        entityType: EntityType.USER_AUTHOR,
        entityIds: [entityId],
        featureNames: ["affinity"],
      })
    ).rows[0]?.values[0];

  test("before: the account has interests and affinities", async () => {
    expect((await interests(gone))?.isDefault).toBe(false);
    expect((await pair(`${gone}:${author}`))?.isDefault).toBe(false);
    expect((await pair(`${fan}:${gone}`))?.isDefault).toBe(false);
  });

  test("after AccountDeleted: GetFeatures returns nothing about it, online or offline; others keep theirs", async () => {
    await h.deliver(events.accountDeleted({ accountId: gone, deletedAt: at(11) }), at(11));
    expect(await interests(gone)).toMatchObject({ isDefault: true });
    expect(await pair(`${gone}:${author}`)).toMatchObject({ isDefault: true });
    expect(await pair(`${fan}:${gone}`)).toMatchObject({ isDefault: true });
    const author_ = await h
      .rpc()
      .getFeatures({ entityType: EntityType.AUTHOR, entityIds: [gone], featureNames: ["post_count"] });
    expect(author_.rows[0]?.values[0]?.isDefault).toBe(true);
    // The offline store (history) forgot it too, for every time.
    const past = await h.rpc().getHistoricalFeatures({
      entityType: EntityType.USER_AUTHOR,
      entityIds: [`${gone}:${author}`, `${fan}:${gone}`],
      featureNames: ["affinity"],
      at: timestampFromDate(at(5)),
    });
    expect(past.rows.map((r) => r.values[0]?.isDefault)).toEqual([true, true]);
    expect(await h.ctx.offline.history("user", gone)).toEqual([]);
    // Someone else's pair with the same author is untouched.
    expect((await pair(`${other}:${author}`))?.isDefault).toBe(false);
  });

  test("events about the erased account that follow (its likes being removed) do not rebuild its features", async () => {
    await h.deliver(events.likeDeleted({ accountId: gone, postId: otherPost }), at(12));
    await h.deliver(events.postDeleted({ postId: goneAuthorPost, authorId: gone }), at(12));
    expect(await pair(`${gone}:${author}`)).toMatchObject({ isDefault: true });
    const author_ = await h
      .rpc()
      .getFeatures({ entityType: EntityType.AUTHOR, entityIds: [gone], featureNames: ["post_count"] });
    expect(author_.rows[0]?.values[0]?.isDefault).toBe(true);
    expect(await h.ctx.offline.history("user_author", `${gone}:${author}`)).toEqual([]);
    // The post's own features still follow its events (is_deleted).
    const post = await h.rpc().getFeatures({
      entityType: EntityType.POST,
      entityIds: [goneAuthorPost],
      featureNames: ["is_deleted"],
    });
    expect(post.rows[0]?.values[0]?.kind.value).toBe(1);
  });

  test("a redelivered AccountDeleted is a no-op", async () => {
    await h.deliver(events.accountDeleted({ accountId: gone, deletedAt: at(11) }), at(13));
    expect(await interests(gone)).toMatchObject({ isDefault: true });
  });
});
