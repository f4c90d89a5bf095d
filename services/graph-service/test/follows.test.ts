import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { markAccountErased } from "../src/db/privacy-queries.ts";
import { follows } from "../src/db/schema/index.ts";
import {
  body,
  DATABASE_KINDS,
  del,
  type GraphServiceHarness,
  put,
  startGraphService,
} from "./support/graph-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`follow and unfollow (${kind})`, () => {
    let h: GraphServiceHarness;
    beforeAll(async () => {
      h = await startGraphService(kind);
    });
    afterAll(() => h?.close());

    test("following a public account is immediate, idempotent, and announced once", async () => {
      const [ana, ben] = [await h.seedUser(), await h.seedUser()];
      const first = await h.request(`/api/v1/users/${ben.id}/follow`, put(ana.token));
      expect(first.status).toBe(200);
      expect(await body(first)).toMatchObject({ id: ben.id, following: true, requested: false });
      const again = await body(await h.request(`/api/v1/users/${ben.id}/follow`, put(ana.token)));
      expect(again.following).toBe(true);
      expect(await h.outboxTypes(ana.id)).toEqual(["nova.graph.v1.FollowCreated"]);
      const theirs = await body(await h.request(`/api/v1/relationships?ids=${ana.id}`, { token: ben.token }));
      expect(theirs).toEqual([expect.objectContaining({ id: ana.id, followedBy: true, following: false })]);
    });

    test("unfollow ends the follow, is idempotent, and is announced once", async () => {
      const [ana, ben] = [await h.seedUser(), await h.seedUser()];
      await h.request(`/api/v1/users/${ben.id}/follow`, put(ana.token));
      for (let i = 0; i < 2; i++) {
        const res = await h.request(`/api/v1/users/${ben.id}/follow`, del(ana.token));
        expect(res.status).toBe(200);
        expect((await body(res)).following).toBe(false);
      }
      expect(await h.outboxTypes(ana.id)).toEqual([
        "nova.graph.v1.FollowCreated",
        "nova.graph.v1.FollowDeleted",
      ]);
    });

    test("follow counts are cached and every change of an edge shows at the next read", async () => {
      const [ana, ben, cy] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      const counts = async (id: string) => body(await h.request(`/api/v1/users/${id}/follow-counts`));
      expect(await counts(ben.id)).toMatchObject({ followers: 0, following: 0 });
      await h.request(`/api/v1/users/${ben.id}/follow`, put(ana.token));
      await h.request(`/api/v1/users/${ben.id}/follow`, put(cy.token));
      expect(await counts(ben.id)).toMatchObject({ followers: 2, following: 0 });
      expect(await counts(ana.id)).toMatchObject({ followers: 0, following: 1 });
      await h.request(`/api/v1/users/${ben.id}/follow`, del(ana.token));
      expect(await counts(ben.id)).toMatchObject({ followers: 1 });
      expect(await counts(ana.id)).toMatchObject({ following: 0 });
      // A block ends the follow: both accounts' counts drop.
      await h.request(`/api/v1/users/${cy.id}/block`, put(ben.token));
      expect(await counts(ben.id)).toMatchObject({ followers: 0 });
      expect(await counts(cy.id)).toMatchObject({ following: 0 });
      // Held, not recounted: an edge written behind graph's back shows once a change drops the count.
      await h.ctx.db.db
        .insert(follows)
        .values({ followerId: ana.id, followeeId: ben.id, createdAt: new Date() });
      expect(await counts(ben.id)).toMatchObject({ followers: 0 });
      await h.ctx.relationships.invalidate([[ana.id, ben.id]]);
      expect(await counts(ben.id)).toMatchObject({ followers: 1 });
    });

    test("without a token: 401 and nothing changes", async () => {
      const ben = await h.seedUser();
      const res = await h.request(`/api/v1/users/${ben.id}/follow`, put());
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await body(await h.request(`/api/v1/users/${ben.id}/follow-counts`))).followers).toBe(0);
    });

    test("bad input is a 400 naming the field: a non-UUID id, following yourself", async () => {
      const ana = await h.seedUser();
      const bad = await h.request("/api/v1/users/not-a-uuid/follow", put(ana.token));
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await body(bad))).toContain("id");
      const self = await h.request(`/api/v1/users/${ana.id}/follow`, put(ana.token));
      expect(self.status).toBe(400);
      expect((await body(self)).code).toBe("invalid_argument");
      expect(await h.outboxTypes(ana.id)).toEqual([]);
    });

    test("a deleted account cannot be followed (404)", async () => {
      const [ana, gone] = [await h.seedUser(), await h.seedUser()];
      await markAccountErased(h.ctx.db.db, gone.id, new Date());
      const res = await h.request(`/api/v1/users/${gone.id}/follow`, put(ana.token));
      expect(res.status).toBe(404);
    });

    test("an account not heard of yet counts as public", async () => {
      const ana = await h.seedUser();
      const unknown = Bun.randomUUIDv7();
      expect((await body(await h.request(`/api/v1/users/${unknown}/follow`, put(ana.token)))).following).toBe(
        true,
      );
    });
  });
}
