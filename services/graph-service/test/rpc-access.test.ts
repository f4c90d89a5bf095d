/**
 * Issue 15, finding 1: graph's RPCs answered anyone, for whichever account id they named. Now the
 * private ones are internal (a service credential is required; an end-user token alone is refused)
 * and BatchGetFollowCounts is public (an end-user token or a service credential).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { type GraphServiceHarness, put, startGraphService } from "./support/graph-service-harness.ts";

async function codeOf(run: () => Promise<unknown>): Promise<Code | "ok"> {
  try {
    await run();
    return "ok";
  } catch (err) {
    return ConnectError.from(err).code;
  }
}

describe("graph RPC access", () => {
  let h: GraphServiceHarness;
  beforeAll(async () => {
    h = await startGraphService("pglite");
  });
  afterAll(() => h?.close());

  test("ListBlockedAndMuted: no credential or only a user token (even the account's own) is refused", async () => {
    const [me, blocked] = [await h.seedUser(), await h.seedUser()];
    await h.request(`/api/v1/users/${blocked.id}/block`, put(me.token));
    expect(await codeOf(() => h.rpc(undefined, null).listBlockedAndMuted({ accountId: me.id }))).toBe(
      Code.Unauthenticated,
    );
    expect(await codeOf(() => h.rpc(blocked.token, null).listBlockedAndMuted({ accountId: me.id }))).toBe(
      Code.Unauthenticated,
    );
    expect(await codeOf(() => h.rpc(me.token, null).listBlockedAndMuted({ accountId: me.id }))).toBe(
      Code.Unauthenticated,
    );
    const res = await h.rpc().listBlockedAndMuted({ accountId: me.id });
    expect(res.blockingIds).toEqual([blocked.id]);
  });

  test("BatchCheckRelationships: a client cannot name a viewer; a service can", async () => {
    const [me, other, stranger] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
    await h.request(`/api/v1/users/${other.id}/mute`, put(me.token));
    const ask = { viewerId: me.id, targetIds: [other.id] };
    expect(await codeOf(() => h.rpc(undefined, null).batchCheckRelationships(ask))).toBe(
      Code.Unauthenticated,
    );
    expect(await codeOf(() => h.rpc(stranger.token, null).batchCheckRelationships(ask))).toBe(
      Code.Unauthenticated,
    );
    const res = await h.rpc().batchCheckRelationships(ask);
    expect(res.relationships.map((r) => r.muting)).toEqual([true]);
  });

  test("ListFollowing of a private account is refused to a stranger's token and to no credential", async () => {
    const owner = await h.seedUser({ private: true });
    const [followed, stranger] = [await h.seedUser(), await h.seedUser()];
    await h.request(`/api/v1/users/${followed.id}/follow`, put(owner.token));
    // REST says 403 to the stranger.
    expect((await h.request(`/api/v1/users/${owner.id}/following`, { token: stranger.token })).status).toBe(
      403,
    );
    const ask = { accountId: owner.id, pageSize: 10, cursor: "" };
    expect(await codeOf(() => h.rpc(undefined, null).listFollowing(ask))).toBe(Code.Unauthenticated);
    expect(await codeOf(() => h.rpc(stranger.token, null).listFollowing(ask))).toBe(Code.Unauthenticated);
    expect(
      await codeOf(() =>
        h.rpc(undefined, null).listFollowers({ authorId: owner.id, pageSize: 10, cursor: "" }),
      ),
    ).toBe(Code.Unauthenticated);
    expect((await h.rpc().listFollowing(ask)).followingIds).toEqual([followed.id]);
  });

  test("BatchCheckVisibility is internal", async () => {
    const [me, author] = [await h.seedUser(), await h.seedUser()];
    const ask = { viewerId: me.id, authorIds: [author.id] };
    expect(await codeOf(() => h.rpc(me.token, null).batchCheckVisibility(ask))).toBe(Code.Unauthenticated);
    expect((await h.rpc().batchCheckVisibility(ask)).authors).toHaveLength(1);
  });

  test("BatchGetFollowCounts is public: an end-user token is enough, nothing at all is not", async () => {
    const me = await h.seedUser();
    expect(await codeOf(() => h.rpc(undefined, null).batchGetFollowCounts({ accountIds: [me.id] }))).toBe(
      Code.Unauthenticated,
    );
    const res = await h.rpc(me.token, null).batchGetFollowCounts({ accountIds: [me.id] });
    expect(res.counts.map((c) => c.accountId)).toEqual([me.id]);
  });

  test("a service token signed by a key the bundle does not trust is refused", async () => {
    const me = await h.seedUser();
    const foreign = (await import("@nova/auth/testing")).createTestServicePki();
    const forged = await foreign.identity("feed-service").tokenFor("graph-service");
    const res = await h.request("/nova.graph.v1.GraphService/ListBlockedAndMuted", {
      method: "POST",
      headers: { "content-type": "application/json", "x-nova-service-token": forged },
      body: JSON.stringify({ accountId: me.id }),
    });
    expect(res.status).toBe(401);
  });
});
