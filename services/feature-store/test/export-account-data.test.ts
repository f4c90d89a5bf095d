import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { type FeatureStoreHarness, startFeatureStore } from "./support/feature-store-harness.ts";
import { events } from "./support/source-events.ts";

const T0 = new Date("2026-01-01T00:00:00Z");
const id = () => Bun.randomUUIDv7();

/** ExportAccountData: feature-store's section of the account export (deliver 8). */
describe("ExportAccountData", () => {
  let h: FeatureStoreHarness;
  const [me, author, admirer] = [id(), id(), id()];
  const myPost = id();

  beforeAll(async () => {
    h = await startFeatureStore("pglite");
    h.clock.now = T0;
    await h.deliver(
      events.postCreated({ postId: myPost, authorId: me, hashtags: ["pottery"], publishedAt: T0 }),
      T0,
    );
    await h.deliver(events.profileViewed({ viewerId: me, profileId: author, viewedAt: T0 }), T0);
    await h.deliver(events.profileViewed({ viewerId: admirer, profileId: me, viewedAt: T0 }), T0);
  });
  afterAll(async () => {
    await h?.close();
  });

  test("its interests, author features and its own affinities — not others' towards it", async () => {
    const token = await h.issuer.sign({ accountId: me, issuedAt: T0 });
    const { data } = await h.rpc({ service: "identity-service", token }).exportAccountData({ accountId: me });
    const section = data as {
      user: Record<string, unknown>;
      author: Record<string, unknown>;
      authors: { authorId: string; features: Record<string, number> }[];
    };
    expect(section.user.hashtag_interests).toEqual({ pottery: 1 });
    expect(section.author.post_count).toBe(1);
    expect(section.authors.map((a) => a.authorId)).toEqual([author]);
    expect(section.authors[0]?.features.affinity).toBeGreaterThan(0);
    expect(JSON.stringify(section)).not.toContain(admirer);
  });

  test("only the account itself (a service credential alone is not enough: it is the owner's data)", async () => {
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e) => ConnectError.from(e).code,
      );
    const stranger = await h.issuer.sign({ accountId: admirer, issuedAt: T0 });
    expect(
      await code(
        h.rpc({ service: "identity-service", token: stranger }).exportAccountData({ accountId: me }),
      ),
    ).toBe(Code.PermissionDenied);
    expect(await code(h.rpc({ service: "identity-service" }).exportAccountData({ accountId: me }))).toBe(
      Code.Unauthenticated,
    );
  });
});
