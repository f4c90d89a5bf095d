import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  DATABASE_KINDS,
  del,
  type GraphServiceHarness,
  put,
  startGraphService,
} from "./support/graph-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`blocks and mutes (${kind})`, () => {
    let h: GraphServiceHarness;
    beforeAll(async () => {
      h = await startGraphService(kind);
    });
    afterAll(() => h?.close());

    test("a block removes follows both ways and pending requests, and is announced", async () => {
      const [ana, ben] = [await h.seedUser(), await h.seedUser({ private: true })];
      await h.request(`/api/v1/users/${ana.id}/follow`, put(ben.token));
      await h.request(`/api/v1/users/${ben.id}/follow`, put(ana.token)); // a request: ben is private
      const res = await h.request(`/api/v1/users/${ben.id}/block`, put(ana.token));
      expect(res.status).toBe(200);
      expect(await body(res)).toEqual({
        id: ben.id,
        following: false,
        followedBy: false,
        requested: false,
        requestedBy: false,
        blocking: true,
        blockedBy: false,
        muting: false,
      });
      expect(await h.outboxTypes(ana.id)).toEqual([
        "nova.graph.v1.FollowRequestCreated",
        "nova.graph.v1.BlockCreated",
      ]);
      expect(await h.outboxTypes(ben.id)).toEqual([
        "nova.graph.v1.FollowCreated",
        "nova.graph.v1.FollowDeleted",
      ]);
      expect((await body(await h.request(`/api/v1/users/${ana.id}/follow-counts`))).followers).toBe(0);
    });

    test("a blocked pair cannot follow each other (403) nor read each other's lists (403)", async () => {
      const [ana, ben] = [await h.seedUser(), await h.seedUser()];
      await h.request(`/api/v1/users/${ben.id}/block`, put(ana.token));
      for (const [me, them] of [
        [ana, ben],
        [ben, ana],
      ] as const) {
        const follow = await h.request(`/api/v1/users/${them.id}/follow`, put(me.token));
        expect(follow.status).toBe(403);
        expect((await body(follow)).code).toBe("permission_denied");
        expect((await h.request(`/api/v1/users/${them.id}/followers`, { token: me.token })).status).toBe(403);
        expect((await h.request(`/api/v1/users/${them.id}/following`, { token: me.token })).status).toBe(403);
      }
      expect(await h.outboxTypes(ben.id)).toEqual([]);
    });

    test("the hot is-blocked check sees a block at once (cache invalidated on change)", async () => {
      const [ana, ben] = [await h.seedUser(), await h.seedUser()];
      // Warm the cached relationship: ben may read ana's followers.
      expect((await h.request(`/api/v1/users/${ana.id}/followers`, { token: ben.token })).status).toBe(200);
      await h.request(`/api/v1/users/${ben.id}/block`, put(ana.token));
      expect((await h.request(`/api/v1/users/${ana.id}/followers`, { token: ben.token })).status).toBe(403);
      await h.request(`/api/v1/users/${ben.id}/block`, del(ana.token));
      expect((await h.request(`/api/v1/users/${ana.id}/followers`, { token: ben.token })).status).toBe(200);
    });

    test("unblock is idempotent and lets the pair follow again; blocking yourself is a 400", async () => {
      const [ana, ben] = [await h.seedUser(), await h.seedUser()];
      await h.request(`/api/v1/users/${ben.id}/block`, put(ana.token));
      for (let i = 0; i < 2; i++)
        expect((await body(await h.request(`/api/v1/users/${ben.id}/block`, del(ana.token)))).blocking).toBe(
          false,
        );
      expect(await h.outboxTypes(ana.id)).toEqual([
        "nova.graph.v1.BlockCreated",
        "nova.graph.v1.BlockDeleted",
      ]);
      expect((await body(await h.request(`/api/v1/users/${ana.id}/follow`, put(ben.token)))).following).toBe(
        true,
      );
      expect((await h.request(`/api/v1/users/${ana.id}/block`, put(ana.token))).status).toBe(400);
      expect((await h.request(`/api/v1/users/${ben.id}/block`, put())).status).toBe(401);
    });

    test("mute is one-way and invisible to the muted account; lists of own blocks and mutes", async () => {
      const [ana, ben, cat] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      expect((await body(await h.request(`/api/v1/users/${ben.id}/mute`, put(ana.token)))).muting).toBe(true);
      await h.request(`/api/v1/users/${ben.id}/mute`, put(ana.token));
      await h.request(`/api/v1/users/${cat.id}/block`, put(ana.token));
      const seenByBen = await body(
        await h.request(`/api/v1/relationships?ids=${ana.id}`, { token: ben.token }),
      );
      expect(seenByBen[0]).toMatchObject({ muting: false, blockedBy: false });
      const mutes = await body(await h.request("/api/v1/users/me/mutes", { token: ana.token }));
      expect(mutes.items.map((i: { id: string }) => i.id)).toEqual([ben.id]);
      const blocks = await body(await h.request("/api/v1/users/me/blocks", { token: ana.token }));
      expect(blocks.items.map((i: { id: string }) => i.id)).toEqual([cat.id]);
      expect((await body(await h.request("/api/v1/users/me/mutes", { token: ben.token }))).items).toEqual([]);
      expect((await body(await h.request(`/api/v1/users/${ben.id}/mute`, del(ana.token)))).muting).toBe(
        false,
      );
      expect(await h.outboxTypes(ana.id)).toEqual([
        "nova.graph.v1.MuteCreated",
        "nova.graph.v1.BlockCreated",
        "nova.graph.v1.MuteDeleted",
      ]);
      expect((await h.request("/api/v1/users/me/mutes")).status).toBe(401);
    });
  });
}
