import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { buildSchema } from "graphql";
import {
  DATABASE_KINDS,
  type GraphServiceHarness,
  startGraphService,
  type TestUser,
} from "./support/graph-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL subschema (${kind})`, () => {
    let h: GraphServiceHarness;
    let ana: TestUser;
    let ben: TestUser;
    let priv: TestUser;
    beforeAll(async () => {
      h = await startGraphService(kind);
      [ana, ben, priv] = [await h.seedUser(), await h.seedUser(), await h.seedUser({ private: true })];
    });
    afterAll(() => h?.close());

    test("_sdl is a valid stitching subschema extending User by id, not canonical", async () => {
      const sdl = (await h.graphql("{ _sdl }")).data?._sdl as string;
      const schema = stitchingDirectives().stitchingDirectivesValidator(buildSchema(sdl));
      expect(schema.getType("User")).toBeDefined();
      expect(sdl).toContain('type User @key(selectionSet: "{ id }") {');
      expect(sdl).not.toContain("@canonical {");
      expect(sdl).toContain('_graphUsers(ids: [ID!]!): [User]! @merge(keyField: "id")');
    });

    test("mutations follow, request, approve, block, mute — and need a token", async () => {
      const follow = await h.graphql(
        `mutation($id: ID!) { follow(id: $id) { following user { id } } }`,
        { id: ben.id },
        ana.token,
      );
      expect(follow.data?.follow).toEqual({ following: true, user: { id: ben.id } });
      const req = await h.graphql(
        `mutation($id: ID!) { follow(id: $id) { requested } }`,
        { id: priv.id },
        ana.token,
      );
      expect(req.data?.follow).toEqual({ requested: true });
      const incoming = await h.graphql(
        "{ followRequests(direction: INCOMING) { nodes { id } } }",
        {},
        priv.token,
      );
      expect(incoming.data?.followRequests.nodes).toEqual([{ id: ana.id }]);
      const approve = await h.graphql(
        `mutation($id: ID!) { approveFollowRequest(id: $id) { followedBy } }`,
        { id: ana.id },
        priv.token,
      );
      expect(approve.data?.approveFollowRequest).toEqual({ followedBy: true });
      const mute = await h.graphql(
        `mutation($id: ID!) { mute(id: $id) { muting } unmute(id: $id) { muting } }`,
        { id: ben.id },
        ana.token,
      );
      expect(mute.data).toEqual({ mute: { muting: true }, unmute: { muting: false } });
      const anon = await h.graphql(`mutation($id: ID!) { follow(id: $id) { following } }`, { id: ben.id });
      expect(anon.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const bad = await h.graphql(`mutation { block(id: "nope") { blocking } }`, {}, ana.token);
      expect(bad.errors?.[0]?.extensions?.code).toBe("INVALID_ARGUMENT");
      const none = await h.graphql(
        `mutation($id: ID!) { denyFollowRequest(id: $id) { followedBy } }`,
        { id: ben.id },
        ana.token,
      );
      expect(none.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });

    test("_graphUsers resolves a batch: counts, the viewer's relationship, lists", async () => {
      const res = await h.graphql(
        `query($ids: [ID!]!) { _graphUsers(ids: $ids) { id followerCount followingCount relationship { following followedBy }
           followers(first: 10) { nodes { id } edges { since } nextCursor } } }`,
        { ids: [ben.id, ana.id] },
        ana.token,
      );
      expect(res.errors).toBeUndefined();
      const [b, a] = (res.data?._graphUsers ?? []) as Record<string, unknown>[];
      expect(b).toMatchObject({
        id: ben.id,
        followerCount: 1,
        followingCount: 0,
        relationship: { following: true, followedBy: false },
      });
      expect(b?.followers).toMatchObject({ nodes: [{ id: ana.id }], nextCursor: null });
      expect(a).toMatchObject({ id: ana.id, followingCount: 2, relationship: null });
    });

    test("a private account's followers are FORBIDDEN to strangers; counts stay public", async () => {
      const res = await h.graphql(
        `query($ids: [ID!]!) { _graphUsers(ids: $ids) { followerCount followers { nodes { id } } } }`,
        { ids: [priv.id] },
        ben.token,
      );
      expect(res.errors?.[0]?.extensions?.code).toBe("PERMISSION_DENIED");
      const counts = await h.graphql(`query($ids: [ID!]!) { _graphUsers(ids: $ids) { followerCount } }`, {
        ids: [priv.id],
      });
      expect(counts.data?._graphUsers).toEqual([{ followerCount: 1 }]);
    });

    test("relationships and suggestions for the viewer", async () => {
      const rels = await h.graphql(
        `query($ids: [ID!]!) { relationships(ids: $ids) { user { id } following } }`,
        { ids: [ben.id, priv.id] },
        ana.token,
      );
      expect(rels.data?.relationships).toEqual([
        { user: { id: ben.id }, following: true },
        { user: { id: priv.id }, following: true },
      ]);
      const sug = await h.graphql(
        "{ followSuggestions(first: 5) { user { id } mutualCount } }",
        {},
        ana.token,
      );
      expect(sug.errors).toBeUndefined();
      expect(Array.isArray(sug.data?.followSuggestions)).toBe(true);
    });
  });
}
