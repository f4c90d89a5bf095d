import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  DATABASE_KINDS,
  type GraphServiceHarness,
  put,
  startGraphService,
} from "./support/graph-service-harness.ts";

async function connectCode(run: () => Promise<unknown>): Promise<Code | "ok"> {
  try {
    await run();
    return "ok";
  } catch (err) {
    return ConnectError.from(err).code;
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`RPCs for other services (${kind})`, () => {
    let h: GraphServiceHarness;
    beforeAll(async () => {
      h = await startGraphService(kind);
    });
    afterAll(() => h?.close());

    test("BatchCheckRelationships answers per target in order; >100 targets or a bad id is INVALID_ARGUMENT", async () => {
      const [me, a, b] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      await h.request(`/api/v1/users/${a.id}/follow`, put(me.token));
      await h.request(`/api/v1/users/${me.id}/block`, put(b.token));
      const res = await h.rpc().batchCheckRelationships({ viewerId: me.id, targetIds: [b.id, a.id] });
      expect(res.relationships.map((r) => [r.targetId, r.following, r.blockedBy])).toEqual([
        [b.id, false, true],
        [a.id, true, false],
      ]);
      const many = Array.from({ length: 101 }, () => Bun.randomUUIDv7());
      expect(
        await connectCode(() => h.rpc().batchCheckRelationships({ viewerId: me.id, targetIds: many })),
      ).toBe(Code.InvalidArgument);
      expect(
        await connectCode(() => h.rpc().batchCheckRelationships({ viewerId: "x", targetIds: [a.id] })),
      ).toBe(Code.InvalidArgument);
    });

    test("ListFollowers and ListFollowing page through everything for fan-out", async () => {
      const author = await h.seedUser();
      const fans = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      for (const fan of fans) await h.request(`/api/v1/users/${author.id}/follow`, put(fan.token));
      const seen: string[] = [];
      let cursor = "";
      do {
        const page = await h.rpc().listFollowers({ authorId: author.id, pageSize: 2, cursor });
        seen.push(...page.followerIds);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(fans.map((f) => f.id).sort());
      const following = await h
        .rpc()
        .listFollowing({ accountId: fans[0]?.id ?? "", pageSize: 0, cursor: "" });
      expect(following.followingIds).toEqual([author.id]);
      expect(
        await connectCode(() => h.rpc().listFollowers({ authorId: author.id, pageSize: 5000, cursor: "" })),
      ).toBe(Code.InvalidArgument);
    });

    test("ListBlockedAndMuted keeps blocks both ways and mutes apart", async () => {
      const [me, blocked, blocker, muted] = [
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
      ];
      await h.request(`/api/v1/users/${blocked.id}/block`, put(me.token));
      await h.request(`/api/v1/users/${me.id}/block`, put(blocker.token));
      await h.request(`/api/v1/users/${muted.id}/mute`, put(me.token));
      const res = await h.rpc().listBlockedAndMuted({ accountId: me.id });
      expect([res.blockingIds, res.blockedByIds, res.mutingIds]).toEqual([
        [blocked.id],
        [blocker.id],
        [muted.id],
      ]);
    });

    test("ListBlockedAndMuted is cached, and every block or mute change shows on the next read", async () => {
      const [me, other] = [await h.seedUser(), await h.seedUser()];
      const read = async () => {
        const r = await h.rpc().listBlockedAndMuted({ accountId: me.id });
        return [r.blockingIds, r.blockedByIds, r.mutingIds];
      };
      expect(await read()).toEqual([[], [], []]);
      await h.request(`/api/v1/users/${other.id}/mute`, put(me.token));
      expect(await read()).toEqual([[], [], [other.id]]);
      await h.request(`/api/v1/users/${me.id}/block`, put(other.token));
      expect(await read()).toEqual([[], [other.id], [other.id]]);
      await h.request(`/api/v1/users/${other.id}/mute`, { ...put(me.token), method: "DELETE" });
      await h.request(`/api/v1/users/${me.id}/block`, { ...put(other.token), method: "DELETE" });
      expect(await read()).toEqual([[], [], []]);
    });

    test("BatchCheckRelationships is cached per pair, and every edge change shows on the next read", async () => {
      const [me, a, b] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      const read = async () =>
        (
          await h.rpc().batchCheckRelationships({ viewerId: me.id, targetIds: [a.id, b.id] })
        ).relationships.map((r) => [r.following, r.followedBy, r.blocking, r.blockedBy, r.muting]);
      expect(await read()).toEqual([
        [false, false, false, false, false],
        [false, false, false, false, false],
      ]);
      // Both pairs are cached now; each change below must reach the next read.
      await h.request(`/api/v1/users/${a.id}/follow`, put(me.token));
      expect((await read())[0]).toEqual([true, false, false, false, false]);
      await h.request(`/api/v1/users/${me.id}/follow`, put(b.token));
      expect((await read())[1]).toEqual([false, true, false, false, false]);
      await h.request(`/api/v1/users/${b.id}/mute`, put(me.token));
      await h.request(`/api/v1/users/${me.id}/block`, put(a.token));
      expect(await read()).toEqual([
        [false, false, false, true, false],
        [false, true, false, false, true],
      ]);
      await h.request(`/api/v1/users/${me.id}/block`, { ...put(a.token), method: "DELETE" });
      expect((await read())[0]).toEqual([false, false, false, false, false]);
    });

    test("BatchCheckVisibility: self and approved followers see followers-only; blocks hide", async () => {
      const [me, followed, stranger, blocker] = [
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
      ];
      await h.request(`/api/v1/users/${followed.id}/follow`, put(me.token));
      await h.request(`/api/v1/users/${me.id}/block`, put(blocker.token));
      const res = await h.rpc().batchCheckVisibility({
        viewerId: me.id,
        authorIds: [me.id, followed.id, stranger.id, blocker.id],
      });
      expect(res.authors.map((a) => [a.notBlocked, a.seesFollowersOnly])).toEqual([
        [true, true],
        [true, true],
        [true, false],
        [false, false],
      ]);
    });

    test("BatchGetFollowCounts in request order; an invalid token is refused", async () => {
      const [a, b] = [await h.seedUser(), await h.seedUser()];
      await h.request(`/api/v1/users/${b.id}/follow`, put(a.token));
      const res = await h.rpc().batchGetFollowCounts({ accountIds: [b.id, a.id] });
      expect(res.counts.map((c) => [c.accountId, Number(c.followers), Number(c.following)])).toEqual([
        [b.id, 1, 0],
        [a.id, 0, 1],
      ]);
      expect(await connectCode(() => h.rpc("not-a-token").batchGetFollowCounts({ accountIds: [a.id] }))).toBe(
        Code.Unauthenticated,
      );
    });
  });
}
