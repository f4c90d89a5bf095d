import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { EntityType } from "@nova/proto/feature_store/v1";
import { type FeatureStoreHarness, startFeatureStore } from "./support/feature-store-harness.ts";
import { events } from "./support/source-events.ts";

const T0 = new Date("2026-01-01T00:00:00Z");
const id = () => Bun.randomUUIDv7();

async function code(p: Promise<unknown>): Promise<Code | "ok"> {
  try {
    await p;
    return "ok";
  } catch (err) {
    return ConnectError.from(err).code;
  }
}

describe("features are private signals", () => {
  let h: FeatureStoreHarness;
  const [visitor, profile, stranger] = [id(), id(), id()];
  const pair = `${visitor}:${profile}`;
  let strangerToken: string;
  let visitorToken: string;

  beforeAll(async () => {
    h = await startFeatureStore("pglite");
    h.clock.now = T0;
    // visitor looked at profile's page and wrote a post about #gardening.
    await h.deliver(events.profileViewed({ viewerId: visitor, profileId: profile, viewedAt: T0 }), T0);
    await h.deliver(
      events.postCreated({ postId: id(), authorId: visitor, hashtags: ["gardening"], publishedAt: T0 }),
      T0,
    );
    strangerToken = await h.issuer.sign({ accountId: stranger, issuedAt: T0 });
    visitorToken = await h.issuer.sign({ accountId: visitor, issuedAt: T0 });
  });
  afterAll(async () => {
    await h?.close();
  });

  const affinity = { entityType: EntityType.USER_AUTHOR, entityIds: [pair], featureNames: ["affinity"] };
  const interests = {
    entityType: EntityType.USER,
    entityIds: [visitor],
    featureNames: ["hashtag_interests"],
  };

  test("a service caller (ranking) reads any entity", async () => {
    const res = await h.rpc().getFeatures(affinity);
    expect(res.rows[0]?.values[0]?.isDefault).toBe(false);
    const interestsRes = await h.rpc({ service: "feed-service" }).getFeatures(interests);
    expect(interestsRes.rows[0]?.values[0]?.kind.value).toMatchObject({ weights: { gardening: 1 } });
  });

  test("no credential at all: unauthenticated", async () => {
    expect(await code(h.rpc({ service: null }).getFeatures(affinity))).toBe(Code.Unauthenticated);
    expect(await code(h.rpc({ service: null }).getFeatures(interests))).toBe(Code.Unauthenticated);
  });

  test("another end user never reads who visited whose profile, nor someone's interests", async () => {
    const asStranger = h.rpc({ service: null, token: strangerToken });
    expect(await code(asStranger.getFeatures(affinity))).toBe(Code.PermissionDenied);
    expect(await code(asStranger.getFeatures(interests))).toBe(Code.PermissionDenied);
    // One foreign id hidden among own ids is refused too.
    expect(await code(asStranger.getFeatures({ ...interests, entityIds: [stranger, visitor] }))).toBe(
      Code.PermissionDenied,
    );
    expect(
      await code(
        asStranger.getHistoricalFeatures({
          ...affinity,
          at: timestampFromDate(new Date(T0.getTime() + 1000)),
        }),
      ),
      // Internal at the gate: an end user never reaches the history at all.
    ).toBe(Code.Unauthenticated);
    // The profile's owner is "another user" to the visitor's pair as well.
    const profileToken = await h.issuer.sign({ accountId: profile, issuedAt: T0 });
    expect(await code(h.rpc({ service: null, token: profileToken }).getFeatures(affinity))).toBe(
      Code.PermissionDenied,
    );
  });

  test("the account itself reads its own features and pairs", async () => {
    const asVisitor = h.rpc({ service: null, token: visitorToken });
    const own = await asVisitor.getFeatures(interests);
    expect(own.rows[0]?.values[0]?.kind.value).toMatchObject({ weights: { gardening: 1 } });
    const ownPair = await asVisitor.getFeatures(affinity);
    expect(ownPair.rows[0]?.values[0]?.isDefault).toBe(false);
    expect(await code(asVisitor.getFeatures({ entityType: EntityType.AUTHOR, entityIds: [visitor] }))).toBe(
      "ok",
    );
    // Posts are not the user's own signals to read directly.
    expect(await code(asVisitor.getFeatures({ entityType: EntityType.POST, entityIds: [id()] }))).toBe(
      Code.PermissionDenied,
    );
  });

  test("a forged token is refused", async () => {
    expect(await code(h.rpc({ service: null, token: "not-a-token" }).getFeatures(interests))).toBe(
      Code.Unauthenticated,
    );
  });
});
