import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  DATABASE_KINDS,
  jsonPatch,
  startUserService,
  type UserServiceHarness,
} from "./support/user-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`profiles over REST (${kind})`, () => {
    let h: UserServiceHarness;
    let alice: { id: string; token: string };
    let bob: { id: string; token: string };

    beforeAll(async () => {
      h = await startUserService(kind);
      alice = await h.seedUser("alice");
      bob = await h.seedUser("bob_builder");
    });
    afterAll(() => h?.close());

    test("GET /users/{id} returns the public profile", async () => {
      const res = await h.request(`/api/v1/users/${alice.id}`);
      expect(res.status).toBe(200);
      const p = await body(res);
      expect(p).toMatchObject({
        id: alice.id,
        username: "alice",
        isPrivate: false,
        birthdayVisibility: null,
      });
      expect(new Date(p.createdAt).toISOString()).toBe(p.createdAt);
    });

    test("GET /users/{id} of an unknown or malformed id is a 404 / 400 problem", async () => {
      const missing = await h.request(`/api/v1/users/${Bun.randomUUIDv7()}`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toContain("application/problem+json");
      expect((await body(missing)).code).toBe("not_found");
      const bad = await h.request("/api/v1/users/not-a-uuid");
      expect(bad.status).toBe(400);
      expect((await body(bad)).violations[0].field).toBe("id");
    });

    test("GET /users/by-username/{username} is case-insensitive", async () => {
      const res = await h.request("/api/v1/users/by-username/ALICE");
      expect(res.status).toBe(200);
      expect((await body(res)).id).toBe(alice.id);
      expect((await h.request("/api/v1/users/by-username/nobody_here")).status).toBe(404);
    });

    test("GET /users/me needs a valid token and shows private fields to the owner", async () => {
      expect((await h.request("/api/v1/users/me")).status).toBe(401);
      expect((await h.request("/api/v1/users/me", { token: "not.a.jwt" })).status).toBe(401);
      const res = await h.request("/api/v1/users/me", { token: alice.token });
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({ id: alice.id, birthdayVisibility: "only_me" });
    });

    test("a token signed by an unknown key is refused", async () => {
      const { createTestTokenIssuer } = await import("@nova/auth/testing");
      const stranger = await createTestTokenIssuer();
      const token = await stranger.sign({ accountId: alice.id });
      expect((await h.request("/api/v1/users/me", { token })).status).toBe(401);
    });

    test("PATCH /users/me updates the profile; others see public fields only", async () => {
      const res = await h.request(
        "/api/v1/users/me",
        jsonPatch(
          {
            displayName: "  Alice Liddell ",
            bio: "Curiouser\nand curiouser 🐇",
            links: [{ url: "https://example.com/alice", label: "site" }],
            location: "Oxford",
            pronouns: "she/her",
            birthday: "1990-05-04",
            birthdayVisibility: "only_me",
            avatarMediaId: "0192f6b4-7c1e-7d3a-9a51-3c2b9f4d8e10",
          },
          alice.token,
        ),
      );
      expect(res.status).toBe(200);
      const own = await body(res);
      expect(own).toMatchObject({ displayName: "Alice Liddell", birthday: "1990-05-04", location: "Oxford" });
      const seen = await body(await h.request(`/api/v1/users/${alice.id}`, { token: bob.token }));
      expect(seen.displayName).toBe("Alice Liddell");
      expect(seen.birthday).toBeNull();
      expect(seen.birthdayVisibility).toBeNull();

      await h.request("/api/v1/users/me", jsonPatch({ birthdayVisibility: "public" }, alice.token));
      const afterPublic = await body(await h.request(`/api/v1/users/${alice.id}`, { token: bob.token }));
      expect(afterPublic.birthday).toBe("1990-05-04");

      const cleared = await body(
        await h.request("/api/v1/users/me", jsonPatch({ avatarMediaId: null }, alice.token)),
      );
      expect(cleared.avatarMediaId).toBeNull();
    });

    test("PATCH /users/me without a token is 401 and changes nothing", async () => {
      const res = await h.request("/api/v1/users/me", jsonPatch({ displayName: "Mallory" }));
      expect(res.status).toBe(401);
      expect((await body(await h.request(`/api/v1/users/${bob.id}`))).displayName).toBe("");
    });

    test("a token for an account without a profile gets 404 on /me", async () => {
      const token = await h.issuer.sign({ accountId: Bun.randomUUIDv7() });
      expect((await h.request("/api/v1/users/me", { token })).status).toBe(404);
    });
  });
}
