import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code } from "@connectrpc/connect";
import { Audience, BirthdayVisibility } from "@nova/proto/user/v1";
import { connectCode } from "@nova/testing";
import {
  DATABASE_KINDS,
  jsonPatch,
  startUserService,
  type UserServiceHarness,
} from "./support/user-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`RPC batch lookups (${kind})`, () => {
    let h: UserServiceHarness;
    let users: { id: string; token: string }[];

    beforeAll(async () => {
      h = await startUserService(kind);
      users = [];
      for (const name of ["hana", "ivan", "jude"]) users.push(await h.seedUser(name));
    });
    afterAll(() => h?.close());

    test("BatchGetProfiles returns known profiles in request order, unknown ids left out", async () => {
      const [hana, ivan, jude] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
      const res = await h
        .rpc()
        .batchGetProfiles({ ids: [jude.id, Bun.randomUUIDv7(), hana.id, jude.id, ivan.id] });
      expect(res.profiles.map((p) => p.username)).toEqual(["jude", "hana", "ivan"]);
      expect(res.profiles[0]?.whoCanMessage).toBe(Audience.EVERYONE);
      expect(res.profiles[0]?.createdAt).toBeDefined();
    });

    test("BatchGetProfilesByUsername is case-insensitive and skips invalid names", async () => {
      const res = await h
        .rpc()
        .batchGetProfilesByUsername({ usernames: ["IVAN", "not valid!", "nobody_x", "hana"] });
      expect(res.profiles.map((p) => p.username)).toEqual(["ivan", "hana"]);
    });

    test("a change is visible to the next batch lookup at once (cache invalidated)", async () => {
      const hana = users[0] as { id: string; token: string };
      await h.rpc().batchGetProfiles({ ids: [hana.id] }); // warm
      await h.rpc().batchGetProfilesByUsername({ usernames: ["hana_new"] }); // caches "not found"
      await h.request(
        "/api/v1/users/me",
        jsonPatch({ username: "hana_new", displayName: "Hana" }, hana.token),
      );
      await h.request("/api/v1/users/me/settings", jsonPatch({ privateAccount: true }, hana.token));
      const [byId] = (await h.rpc().batchGetProfiles({ ids: [hana.id] })).profiles;
      expect(byId).toMatchObject({ username: "hana_new", displayName: "Hana", privateAccount: true });
      const byName = await h.rpc().batchGetProfilesByUsername({ usernames: ["hana_new", "hana"] });
      expect(byName.profiles.map((p) => p.id)).toEqual([hana.id]);
    });

    test("batches over 100 and malformed ids are InvalidArgument", async () => {
      const many = Array.from({ length: 101 }, () => Bun.randomUUIDv7());
      expect(await connectCode(() => h.rpc().batchGetProfiles({ ids: many }))).toBe(Code.InvalidArgument);
      expect(await connectCode(() => h.rpc().batchGetProfiles({ ids: ["x"] }))).toBe(Code.InvalidArgument);
    });

    test("a bad token is Unauthenticated even on open lookups", async () => {
      expect(await connectCode(() => h.rpc("garbage").batchGetProfiles({ ids: [] }))).toBe(
        Code.Unauthenticated,
      );
    });

    test("CheckUsernameAvailability", async () => {
      const rpc = h.rpc();
      expect(await rpc.checkUsernameAvailability({ username: "Jude" })).toMatchObject({
        available: false,
        reason: "taken",
      });
      expect(await rpc.checkUsernameAvailability({ username: "fresh_name" })).toMatchObject({
        available: true,
      });
    });

    test("ExportAccountData: own data only, private fields included", async () => {
      const ivan = users[1] as { id: string; token: string };
      await h.request("/api/v1/users/me", jsonPatch({ birthday: "1985-01-02" }, ivan.token));
      const res = await h.rpc(ivan.token).exportAccountData({ accountId: ivan.id });
      expect(res.profile?.birthday).toBe("1985-01-02");
      expect(res.settings?.birthdayVisibility).toBe(BirthdayVisibility.ONLY_ME);
      expect(res.settings?.language).toBe("en");
      expect(
        await connectCode(() => h.rpc(ivan.token).exportAccountData({ accountId: users[2]?.id ?? "" })),
      ).toBe(Code.PermissionDenied);
      expect(await connectCode(() => h.rpc().exportAccountData({ accountId: ivan.id }))).toBe(
        Code.Unauthenticated,
      );
    });

    test("ExportAccountData is internal: the account's own token without a service credential is refused", async () => {
      const ivan = users[1] as { id: string; token: string };
      expect(await connectCode(() => h.rpc(ivan.token, null).exportAccountData({ accountId: ivan.id }))).toBe(
        Code.Unauthenticated,
      );
    });

    test("the lookups are public: an end-user token is enough, no credential at all is refused", async () => {
      const ivan = users[1] as { id: string; token: string };
      expect((await h.rpc(ivan.token, null).batchGetProfiles({ ids: [ivan.id] })).profiles).toHaveLength(1);
      expect(await connectCode(() => h.rpc(undefined, null).batchGetProfiles({ ids: [ivan.id] }))).toBe(
        Code.Unauthenticated,
      );
      expect(
        await connectCode(() => h.rpc(undefined, null).checkUsernameAvailability({ username: "someone" })),
      ).toBe(Code.Unauthenticated);
    });
  });
}
