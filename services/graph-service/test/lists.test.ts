import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  DATABASE_KINDS,
  type GraphServiceHarness,
  post,
  put,
  startGraphService,
  type TestUser,
} from "./support/graph-service-harness.ts";

const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

for (const kind of DATABASE_KINDS) {
  describe(`followers, following, mutuals, counts, relationships, suggestions (${kind})`, () => {
    let h: GraphServiceHarness;
    beforeAll(async () => {
      h = await startGraphService(kind);
    });
    afterAll(() => h?.close());

    test("followers page newest first with an opaque cursor, to the end", async () => {
      const star = await h.seedUser();
      const fans: TestUser[] = [];
      for (let i = 0; i < 5; i++) {
        const fan = await h.seedUser();
        fans.push(fan);
        await h.request(`/api/v1/users/${star.id}/follow`, put(fan.token));
        await Bun.sleep(2);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const page = await body(await h.request(`/api/v1/users/${star.id}/followers?limit=2${q}`));
        seen.push(...ids(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(fans.map((f) => f.id).reverse());
      const following = await body(await h.request(`/api/v1/users/${fans[0]?.id}/following`));
      expect(ids(following)).toEqual([star.id]);
      expect(await body(await h.request(`/api/v1/users/${star.id}/follow-counts`))).toEqual({
        id: star.id,
        followers: 5,
        following: 0,
      });
    });

    test("a private account's lists: owner and approved followers only", async () => {
      const [priv, fan, stranger] = [
        await h.seedUser({ private: true }),
        await h.seedUser(),
        await h.seedUser(),
      ];
      await h.request(`/api/v1/users/${priv.id}/follow`, put(fan.token));
      for (const path of ["followers", "following", "mutuals"]) {
        expect((await h.request(`/api/v1/users/${priv.id}/${path}`)).status).toBe(403);
        expect((await h.request(`/api/v1/users/${priv.id}/${path}`, { token: stranger.token })).status).toBe(
          403,
        );
        // A pending request is not enough.
        expect((await h.request(`/api/v1/users/${priv.id}/${path}`, { token: fan.token })).status).toBe(403);
      }
      const own = await body(await h.request(`/api/v1/users/${priv.id}/followers`, { token: priv.token }));
      expect(own.items).toEqual([]);
      await h.request(`/api/v1/users/me/follow-requests/${fan.id}/approve`, post(priv.token));
      const approved = await body(
        await h.request(`/api/v1/users/${priv.id}/followers`, { token: fan.token }),
      );
      expect(ids(approved)).toEqual([fan.id]);
    });

    test("mutuals are the follows returned", async () => {
      const [me, both, onlyIn] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      await h.request(`/api/v1/users/${me.id}/follow`, put(both.token));
      await h.request(`/api/v1/users/${both.id}/follow`, put(me.token));
      await h.request(`/api/v1/users/${me.id}/follow`, put(onlyIn.token));
      expect(ids(await body(await h.request(`/api/v1/users/${me.id}/mutuals`)))).toEqual([both.id]);
    });

    test("relationships: up to 100 ids in request order; 101 or a bad id is a 400; needs a token", async () => {
      const [me, a, b] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      await h.request(`/api/v1/users/${a.id}/follow`, put(me.token));
      const rels = await body(
        await h.request(`/api/v1/relationships?ids=${b.id},${a.id}`, { token: me.token }),
      );
      expect(rels.map((r: { id: string; following: boolean }) => [r.id, r.following])).toEqual([
        [b.id, false],
        [a.id, true],
      ]);
      const many = Array.from({ length: 101 }, () => Bun.randomUUIDv7()).join(",");
      expect((await h.request(`/api/v1/relationships?ids=${many}`, { token: me.token })).status).toBe(400);
      const bad = await h.request(`/api/v1/relationships?ids=${a.id},nope`, { token: me.token });
      expect(bad.status).toBe(400);
      expect((await h.request(`/api/v1/relationships?ids=${a.id}`)).status).toBe(401);
    });

    test("suggestions rank friends of friends and leave out self, followed, blocked and muted", async () => {
      const [me, f1, f2] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      const [popular, other, followed, blocked, muted] = [
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
      ];
      const follow = (who: TestUser, whom: TestUser) =>
        h.request(`/api/v1/users/${whom.id}/follow`, put(who.token));
      await follow(me, f1);
      await follow(me, f2);
      await follow(f1, popular);
      await follow(f2, popular);
      for (const x of [other, followed, blocked, muted, me]) await follow(f1, x);
      await follow(me, followed);
      await h.request(`/api/v1/users/${blocked.id}/block`, put(me.token));
      await h.request(`/api/v1/users/${muted.id}/mute`, put(me.token));
      const got = await body(await h.request("/api/v1/users/me/suggestions?limit=10", { token: me.token }));
      expect(got.map((s: { id: string }) => s.id)).toEqual([popular.id, other.id]);
      expect(got[0].mutualCount).toBe(2);
      expect((await h.request("/api/v1/users/me/suggestions?limit=500", { token: me.token })).status).toBe(
        400,
      );
      expect((await h.request("/api/v1/users/me/suggestions")).status).toBe(401);
    });
  });
}
