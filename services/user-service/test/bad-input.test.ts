import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  DATABASE_KINDS,
  jsonPatch,
  startUserService,
  type UserServiceHarness,
} from "./support/user-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`bad input changes nothing (${kind})`, () => {
    let h: UserServiceHarness;
    let gina: { id: string; token: string };
    let before: Record<string, unknown>;

    beforeAll(async () => {
      h = await startUserService(kind);
      gina = await h.seedUser("gina");
      before = await body(await h.request("/api/v1/users/me", { token: gina.token }));
    });
    afterAll(() => h?.close());

    const expectProblem = async (res: Response, status: number, field?: string) => {
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await body(res);
      if (field) expect(problem.violations.map((v: { field: string }) => v.field)).toContain(field);
      expect(await body(await h.request("/api/v1/users/me", { token: gina.token }))).toEqual(before);
    };

    test("invalid JSON", async () => {
      await expectProblem(await h.request("/api/v1/users/me", jsonPatch("{ displayName: ", gina.token)), 400);
    });

    test("a body that is not an object", async () => {
      await expectProblem(await h.request("/api/v1/users/me", jsonPatch("[1,2]", gina.token)), 400);
    });

    test("a missing body", async () => {
      const res = await h.request("/api/v1/users/me", { method: "PATCH", token: gina.token });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    test("an oversized body", async () => {
      const res = await h.request("/api/v1/users/me", jsonPatch({ bio: "x".repeat(20_000) }, gina.token));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    });

    test("overlong fields, counted in characters", async () => {
      await expectProblem(
        await h.request(
          "/api/v1/users/me",
          jsonPatch({ displayName: "é".repeat(51), bio: "ok" }, gina.token),
        ),
        400,
        "displayName",
      );
      await expectProblem(
        await h.request("/api/v1/users/me", jsonPatch({ bio: "b".repeat(301) }, gina.token)),
        400,
        "bio",
      );
    });

    test("control and invisible characters", async () => {
      await expectProblem(
        await h.request("/api/v1/users/me", jsonPatch({ displayName: "a\u0007b" }, gina.token)),
        400,
        "displayName",
      );
      await expectProblem(
        await h.request("/api/v1/users/me", jsonPatch({ displayName: "line\nbreak" }, gina.token)),
        400,
        "displayName",
      );
      await expectProblem(
        await h.request("/api/v1/users/me", jsonPatch({ location: "evil\u202Egnp.exe" }, gina.token)),
        400,
        "location",
      );
      await expectProblem(
        await h.request("/api/v1/users/me", jsonPatch({ pronouns: "she\u200Bher" }, gina.token)),
        400,
        "pronouns",
      );
    });

    test("wrong types, bad links, bad dates and media ids, unknown fields", async () => {
      const cases: [unknown, string][] = [
        [{ displayName: 42 }, "displayName"],
        [{ links: [{ url: "javascript:alert(1)" }] }, "links.0.url"],
        [{ links: Array.from({ length: 6 }, (_, i) => ({ url: `https://e.com/${i}` })) }, "links"],
        [{ birthday: "2023-02-30" }, "birthday"],
        [{ birthday: "2999-01-01" }, "birthday"],
        [{ birthdayVisibility: "friends" }, "birthdayVisibility"],
        [{ avatarMediaId: "../../etc/passwd" }, "avatarMediaId"],
        [{ role: "admin" }, "(body)"],
      ];
      for (const [payload, field] of cases) {
        const res = await h.request("/api/v1/users/me", jsonPatch(payload, gina.token));
        expect({ payload, status: res.status }).toEqual({ payload, status: 400 });
        const problem = await body(res);
        expect({ payload, fields: problem.violations.map((v: { field: string }) => v.field) }).toMatchObject({
          payload,
          fields: expect.arrayContaining([field]),
        });
      }
      expect(await body(await h.request("/api/v1/users/me", { token: gina.token }))).toEqual(before);
    });

    test("a malformed Authorization header is 401, not anonymous", async () => {
      const res = await h.request(`/api/v1/users/${gina.id}`, { headers: { authorization: "Token abc" } });
      expect(res.status).toBe(401);
    });
  });
}
