import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code } from "@connectrpc/connect";
import { connectCode } from "@nova/testing";
import { jsonPatch, startUserService, type UserServiceHarness } from "./support/user-service-harness.ts";

describe("ListProfilesForReindex (internal, search-service only)", () => {
  let h: UserServiceHarness;
  let users: { id: string; token: string }[];

  beforeAll(async () => {
    h = await startUserService("pglite");
    users = [];
    for (const name of ["rk_ana", "rk_ben", "rk_cid"]) users.push(await h.seedUser(name));
    const ben = users[1] as { id: string; token: string };
    await h.request("/api/v1/users/me", jsonPatch({ displayName: "Ben B", bio: "gardener" }, ben.token));
    await h.request(
      "/api/v1/users/me/settings",
      jsonPatch({ privateAccount: true, language: "de", discoverableByEmail: true }, ben.token),
    );
  });
  afterAll(() => h?.close());

  const rpc = () => h.rpc(undefined, "search-service");

  test("pages every profile in id order with the searchable fields, private ones included", async () => {
    const first = await rpc().listProfilesForReindex({ pageSize: 2 });
    expect(first.nextCursor).not.toBe("");
    const second = await rpc().listProfilesForReindex({ pageSize: 2, cursor: first.nextCursor });
    const all = [...first.profiles, ...second.profiles];
    expect(all.map((p) => p.id)).toEqual(users.map((u) => u.id).sort());
    expect(all.find((p) => p.username === "rk_ben")).toMatchObject({
      displayName: "Ben B",
      bio: "gardener",
      privateAccount: true,
      language: "de",
    });
    expect(all.find((p) => p.username === "rk_ana")).toMatchObject({ privateAccount: false, language: "en" });
    // Nothing about email or discoverability is on the wire.
    expect(Object.keys(all[0] ?? {}).some((k) => /email|discoverable/i.test(k))).toBe(false);
  });

  test("refuses end users, other services and bad page sizes", async () => {
    const ana = users[0] as { id: string; token: string };
    expect(await connectCode(() => h.rpc(ana.token).listProfilesForReindex({}))).toBe(Code.PermissionDenied);
    expect(await connectCode(() => h.rpc(undefined, "feed-service").listProfilesForReindex({}))).toBe(
      Code.PermissionDenied,
    );
    expect(await connectCode(() => rpc().listProfilesForReindex({ pageSize: 1001 }))).toBe(
      Code.InvalidArgument,
    );
  });
});
