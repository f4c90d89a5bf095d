import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { buildSchema } from "graphql";
import { DATABASE_KINDS, startUserService, type UserServiceHarness } from "./support/user-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL subschema (${kind})`, () => {
    let h: UserServiceHarness;
    let kim: { id: string; token: string };
    let lee: { id: string; token: string };

    beforeAll(async () => {
      h = await startUserService(kind);
      kim = await h.seedUser("kim");
      lee = await h.seedUser("lee");
    });
    afterAll(() => h?.close());

    test("_sdl is a valid stitching subschema owning User by id", async () => {
      const res = await h.graphql("{ _sdl }");
      const sdl = res.data?._sdl as string;
      const schema = stitchingDirectives().stitchingDirectivesValidator(buildSchema(sdl));
      expect(schema.getType("User")).toBeDefined();
      expect(sdl).toContain('@key(selectionSet: "{ id }")');
      expect(sdl).toContain('_users(ids: [ID!]!): [User]! @merge(keyField: "id")');
    });

    test("_users(ids) resolves a batch in order with nulls for unknown ids", async () => {
      const unknown = Bun.randomUUIDv7();
      const res = await h.graphql("query($ids: [ID!]!) { _users(ids: $ids) { id username } }", {
        ids: [lee.id, unknown, kim.id],
      });
      expect(res.data?._users).toEqual([
        { id: lee.id, username: "lee" },
        null,
        { id: kim.id, username: "kim" },
      ]);
    });

    test("me, user(id|username), and settings only for the owner", async () => {
      expect((await h.graphql("{ me { id } }")).data?.me).toBeNull();
      const me = await h.graphql("{ me { username settings { language } } }", undefined, kim.token);
      expect(me.data?.me).toEqual({ username: "kim", settings: { language: "en" } });
      const other = await h.graphql(
        `{ user(username: "KIM") { id settings { language } birthdayVisibility } }`,
        undefined,
        lee.token,
      );
      expect(other.data?.user).toEqual({ id: kim.id, settings: null, birthdayVisibility: null });
      expect((await h.graphql(`{ user(id: "${Bun.randomUUIDv7()}") { id } }`)).data?.user).toBeNull();
      const both = await h.graphql(`{ user(id: "${kim.id}", username: "kim") { id } }`);
      expect(both.errors?.[0]?.extensions?.code).toBe("INVALID_ARGUMENT");
    });

    test("updateProfile and updateSettings mutate the owner's data", async () => {
      const res = await h.graphql(
        `mutation { updateProfile(input: { displayName: "Kim K", birthdayVisibility: PUBLIC, birthday: "2000-01-01" }) { displayName birthday birthdayVisibility }
                    updateSettings(input: { whoCanMention: NOBODY }) { whoCanMention } }`,
        undefined,
        kim.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        updateProfile: { displayName: "Kim K", birthday: "2000-01-01", birthdayVisibility: "PUBLIC" },
        updateSettings: { whoCanMention: "NOBODY" },
      });
      const seen = await h.graphql(
        `{ user(id: "${kim.id}") { birthday whoCanMention } }`,
        undefined,
        lee.token,
      );
      expect(seen.data?.user).toEqual({ birthday: "2000-01-01", whoCanMention: "NOBODY" });
    });

    test("mutations without a token are UNAUTHENTICATED; bad input names the field", async () => {
      const anon = await h.graphql(`mutation { updateProfile(input: { displayName: "x" }) { id } }`);
      expect(anon.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const bad = await h.graphql(
        `mutation { updateProfile(input: { username: "ki m" }) { id } }`,
        undefined,
        lee.token,
      );
      expect(bad.errors?.[0]?.extensions?.code).toBe("INVALID_ARGUMENT");
      expect(bad.errors?.[0]?.extensions?.violations).toEqual([
        expect.objectContaining({ field: "username" }),
      ]);
      const taken = await h.graphql(
        `mutation { updateProfile(input: { username: "kim" }) { id } }`,
        undefined,
        lee.token,
      );
      expect(taken.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    });
  });
}
