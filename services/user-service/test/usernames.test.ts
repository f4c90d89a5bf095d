import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  DATABASE_KINDS,
  jsonPatch,
  startUserService,
  type UserServiceHarness,
} from "./support/user-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`usernames (${kind})`, () => {
    let h: UserServiceHarness;
    let erin: { id: string; token: string };
    let frank: { id: string; token: string };

    beforeAll(async () => {
      h = await startUserService(kind);
      erin = await h.seedUser("erin");
      frank = await h.seedUser("frank");
    });
    afterAll(() => h?.close());

    const availability = async (name: string, token?: string) =>
      body(
        await h.request(`/api/v1/usernames/${encodeURIComponent(name)}/availability`, token ? { token } : {}),
      );

    test("availability: free, taken (case-insensitive), own, and invalid names", async () => {
      expect(await availability("newname")).toEqual({ username: "newname", available: true, reason: null });
      expect(await availability("ERIN")).toEqual({ username: "erin", available: false, reason: "taken" });
      expect((await availability("erin", erin.token)).available).toBe(true);
      const confusable = await availability("frаnk"); // Cyrillic а
      expect(confusable.available).toBe(false);
      expect(confusable.reason).toContain("look-alike");
      expect((await availability("admin")).reason).toContain("reserved");
      expect((await availability("ab")).available).toBe(false);
    });

    test("an overlong name in the path is a 400", async () => {
      expect((await h.request(`/api/v1/usernames/${"x".repeat(65)}/availability`)).status).toBe(400);
    });

    test("changing the username frees the old one and claims the new one", async () => {
      const before = await body(await h.request("/api/v1/users/by-username/erin"));
      expect(before.id).toBe(erin.id);
      const res = await h.request("/api/v1/users/me", jsonPatch({ username: "Erin_Renamed" }, erin.token));
      expect(res.status).toBe(200);
      expect((await body(res)).username).toBe("erin_renamed");
      expect((await h.request("/api/v1/users/by-username/erin")).status).toBe(404);
      expect((await body(await h.request("/api/v1/users/by-username/erin_renamed"))).id).toBe(erin.id);
      expect((await availability("erin")).available).toBe(true);
    });

    test("taking someone else's username is a 409 naming the field, and nothing changes", async () => {
      const res = await h.request(
        "/api/v1/users/me",
        jsonPatch({ username: "FRANK", bio: "mine now" }, erin.token),
      );
      expect(res.status).toBe(409);
      const problem = await body(res);
      expect(problem.code).toBe("conflict");
      expect(problem.violations[0].field).toBe("username");
      const me = await body(await h.request("/api/v1/users/me", { token: erin.token }));
      expect(me.username).toBe("erin_renamed");
      expect(me.bio).toBe("");
    });

    test("invalid usernames are refused with the shared rule's reason", async () => {
      for (const name of ["fr\u0430nk2", "has space", "a", "admin", "x".repeat(31), "tab\tname"]) {
        const res = await h.request("/api/v1/users/me", jsonPatch({ username: name }, frank.token));
        expect({ name, status: res.status }).toEqual({ name, status: 400 });
        expect((await body(res)).violations[0].field).toBe("username");
      }
    });
  });
}
