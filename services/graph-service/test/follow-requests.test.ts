import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  DATABASE_KINDS,
  del,
  type GraphServiceHarness,
  post,
  put,
  startGraphService,
} from "./support/graph-service-harness.ts";

const ids = async (res: Response) => ((await body(res)).items as { id: string }[]).map((i) => i.id);

for (const kind of DATABASE_KINDS) {
  describe(`follow requests (${kind})`, () => {
    let h: GraphServiceHarness;
    beforeAll(async () => {
      h = await startGraphService(kind);
    });
    afterAll(() => h?.close());

    test("following a private account files a request, listed on both sides, approved into a follow", async () => {
      const [ana, priv] = [await h.seedUser(), await h.seedUser({ private: true })];
      const res = await body(await h.request(`/api/v1/users/${priv.id}/follow`, put(ana.token)));
      expect(res).toMatchObject({ following: false, requested: true });
      expect(
        await ids(await h.request("/api/v1/users/me/follow-requests/incoming", { token: priv.token })),
      ).toEqual([ana.id]);
      expect(
        await ids(await h.request("/api/v1/users/me/follow-requests/outgoing", { token: ana.token })),
      ).toEqual([priv.id]);
      const approved = await h.request(
        `/api/v1/users/me/follow-requests/${ana.id}/approve`,
        post(priv.token),
      );
      expect(approved.status).toBe(200);
      expect(await body(approved)).toMatchObject({ id: ana.id, followedBy: true, requestedBy: false });
      expect(await h.outboxTypes(ana.id)).toEqual([
        "nova.graph.v1.FollowRequestCreated",
        "nova.graph.v1.FollowRequestApproved",
        "nova.graph.v1.FollowCreated",
      ]);
      expect(
        await ids(await h.request("/api/v1/users/me/follow-requests/incoming", { token: priv.token })),
      ).toEqual([]);
    });

    test("deny drops the request; nothing else changes; a second deny is 404", async () => {
      const [ana, priv] = [await h.seedUser(), await h.seedUser({ private: true })];
      await h.request(`/api/v1/users/${priv.id}/follow`, put(ana.token));
      const denied = await h.request(`/api/v1/users/me/follow-requests/${ana.id}/deny`, post(priv.token));
      expect(await body(denied)).toMatchObject({ followedBy: false, requestedBy: false });
      expect(
        (await h.request(`/api/v1/users/me/follow-requests/${ana.id}/deny`, post(priv.token))).status,
      ).toBe(404);
      expect(await h.outboxTypes(ana.id)).toEqual(["nova.graph.v1.FollowRequestCreated"]);
    });

    test("the requester cancels their own request; cancelling none is 404", async () => {
      const [ana, priv] = [await h.seedUser(), await h.seedUser({ private: true })];
      await h.request(`/api/v1/users/${priv.id}/follow`, put(ana.token));
      const cancelled = await h.request(`/api/v1/users/${priv.id}/follow-request`, del(ana.token));
      expect(cancelled.status).toBe(200);
      expect((await body(cancelled)).requested).toBe(false);
      expect((await h.request(`/api/v1/users/${priv.id}/follow-request`, del(ana.token))).status).toBe(404);
    });

    test("only the target approves: the requester or a third account get 404 and nothing changes", async () => {
      const [ana, priv, eve] = [await h.seedUser(), await h.seedUser({ private: true }), await h.seedUser()];
      await h.request(`/api/v1/users/${priv.id}/follow`, put(ana.token));
      // The requester trying to approve their own request (as if it were to them).
      expect(
        (await h.request(`/api/v1/users/me/follow-requests/${priv.id}/approve`, post(ana.token))).status,
      ).toBe(404);
      expect(
        (await h.request(`/api/v1/users/me/follow-requests/${ana.id}/approve`, post(eve.token))).status,
      ).toBe(404);
      expect((await h.request(`/api/v1/users/me/follow-requests/${ana.id}/approve`, post())).status).toBe(
        401,
      );
      const rel = await body(await h.request(`/api/v1/relationships?ids=${priv.id}`, { token: ana.token }));
      expect(rel[0]).toMatchObject({ requested: true, following: false });
    });

    test("a private account's change to public (profile event) makes the next follow direct", async () => {
      const [ana, priv] = [await h.seedUser(), await h.seedUser({ private: true })];
      await h.request(`/api/v1/users/${priv.id}/follow`, put(ana.token));
      await h.setPrivate(priv.id, false);
      const res = await body(await h.request(`/api/v1/users/${priv.id}/follow`, put(ana.token)));
      expect(res).toMatchObject({ following: true, requested: false });
    });

    test("bad paging input is a 400", async () => {
      const priv = await h.seedUser({ private: true });
      const res = await h.request("/api/v1/users/me/follow-requests/incoming?limit=0", { token: priv.token });
      expect(res.status).toBe(400);
      const cursor = await h.request("/api/v1/users/me/follow-requests/incoming?cursor=zzz", {
        token: priv.token,
      });
      expect(cursor.status).toBe(400);
    });
  });
}
