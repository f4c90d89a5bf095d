import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { type GraphServiceHarness, put, startGraphService } from "./support/graph-service-harness.ts";

/** ExportAccountData: graph's section of the account export (deliver 8). */
describe("ExportAccountData", () => {
  let h: GraphServiceHarness;
  beforeAll(async () => {
    h = await startGraphService("pglite");
  });
  afterAll(() => h?.close());

  test("follows both ways, follow requests both ways, blocks and mutes", async () => {
    const me = await h.seedUser();
    const [friend, fan, locked, asker, pest, bore] = [
      await h.seedUser(),
      await h.seedUser(),
      await h.seedUser({ private: true }),
      await h.seedUser(),
      await h.seedUser(),
      await h.seedUser(),
    ];
    await h.request(`/api/v1/users/${friend.id}/follow`, put(me.token));
    await h.request(`/api/v1/users/${me.id}/follow`, put(fan.token));
    await h.request(`/api/v1/users/${locked.id}/follow`, put(me.token)); // a request: locked is private
    await h.request(`/api/v1/users/${pest.id}/block`, put(me.token));
    await h.request(`/api/v1/users/${bore.id}/mute`, put(me.token));
    const meLocked = await h.seedUser({ private: true });
    await h.request(`/api/v1/users/${meLocked.id}/follow`, put(asker.token));

    const ids = (list: { accountId: string }[]) => list.map((e) => e.accountId);
    const { data } = await h.rpc(me.token).exportAccountData({ accountId: me.id });
    const section = data as Record<string, { accountId: string }[]> & {
      followRequests: { sent: { accountId: string }[]; received: { accountId: string }[] };
    };
    expect(ids(section.following ?? [])).toEqual([friend.id]);
    expect(ids(section.followers ?? [])).toEqual([fan.id]);
    expect(ids(section.followRequests.sent)).toEqual([locked.id]);
    expect(ids(section.blocked ?? [])).toEqual([pest.id]);
    expect(ids(section.muted ?? [])).toEqual([bore.id]);
    const theirs = (await h.rpc(meLocked.token).exportAccountData({ accountId: meLocked.id })).data as {
      followRequests: { received: { accountId: string }[] };
    };
    expect(ids(theirs.followRequests.received)).toEqual([asker.id]);
  });

  test("only the account itself", async () => {
    const [a, b] = [await h.seedUser(), await h.seedUser()];
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e) => ConnectError.from(e).code,
      );
    expect(await code(h.rpc(b.token).exportAccountData({ accountId: a.id }))).toBe(Code.PermissionDenied);
    expect(await code(h.rpc().exportAccountData({ accountId: a.id }))).toBe(Code.Unauthenticated);
  });
});
