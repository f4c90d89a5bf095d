import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  DATABASE_KINDS,
  jsonPatch,
  startUserService,
  type UserServiceHarness,
} from "./support/user-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`settings and privacy (${kind})`, () => {
    let h: UserServiceHarness;
    let carol: { id: string; token: string };
    let dave: { id: string; token: string };

    beforeAll(async () => {
      h = await startUserService(kind);
      carol = await h.seedUser("carol");
      dave = await h.seedUser("dave");
    });
    afterAll(() => h?.close());

    test("GET /users/me/settings returns the defaults to the owner", async () => {
      const res = await h.request("/api/v1/users/me/settings", { token: carol.token });
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({
        privateAccount: false,
        whoCanMessage: "everyone",
        whoCanMention: "everyone",
        discoverableByEmail: false,
        language: "en",
      });
    });

    test("settings need a token: there is no way to read another account's settings", async () => {
      expect((await h.request("/api/v1/users/me/settings")).status).toBe(401);
      expect((await h.request("/api/v1/users/me/settings", jsonPatch({ privateAccount: true }))).status).toBe(
        401,
      );
      // Dave reading "me/settings" gets his own, never Carol's.
      await h.request("/api/v1/users/me/settings", jsonPatch({ language: "de" }, carol.token));
      expect((await body(await h.request("/api/v1/users/me/settings", { token: dave.token }))).language).toBe(
        "en",
      );
    });

    test("PATCH /users/me/settings changes privacy; the public profile shows it at once (cache invalidated)", async () => {
      // Warm the cache first, so a missed invalidation would show the old value.
      expect((await body(await h.request(`/api/v1/users/${carol.id}`))).isPrivate).toBe(false);
      const res = await h.request(
        "/api/v1/users/me/settings",
        jsonPatch({ privateAccount: true, whoCanMessage: "following", language: "pt-br" }, carol.token),
      );
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({
        privateAccount: true,
        whoCanMessage: "following",
        language: "pt-BR",
      });
      const seen = await body(await h.request(`/api/v1/users/${carol.id}`, { token: dave.token }));
      expect(seen).toMatchObject({ isPrivate: true, whoCanMessage: "following" });
      expect(seen).not.toHaveProperty("discoverableByEmail");
      expect(seen).not.toHaveProperty("language");
    });

    test("invalid settings are refused field by field and change nothing", async () => {
      const before = await body(await h.request("/api/v1/users/me/settings", { token: dave.token }));
      const res = await h.request(
        "/api/v1/users/me/settings",
        jsonPatch(
          { privateAccount: true, whoCanMention: "friends", language: "not a language!" },
          dave.token,
        ),
      );
      expect(res.status).toBe(400);
      const problem = await body(res);
      expect(problem.violations.map((v: { field: string }) => v.field).sort()).toEqual([
        "language",
        "whoCanMention",
      ]);
      expect(await body(await h.request("/api/v1/users/me/settings", { token: dave.token }))).toEqual(before);
    });

    test("unknown settings fields are refused", async () => {
      const res = await h.request("/api/v1/users/me/settings", jsonPatch({ isAdmin: true }, dave.token));
      expect(res.status).toBe(400);
    });
  });
}
