import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  as,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

/** ExportAccountData: social's section of the account export (deliver 8). */
describe("ExportAccountData", () => {
  let h: SocialServiceHarness;
  let owner: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    h = await startSocialService("pglite");
    [owner, other] = [await h.user(), await h.user()];
  }, 30_000);
  afterAll(() => h?.close());

  test("the account's likes, reposts and bookmarks", async () => {
    const [liked, reposted, bookmarked] = [
      h.peers.addPost(other.id),
      h.peers.addPost(other.id),
      h.peers.addPost(other.id),
    ];
    expect((await h.request(`/api/v1/posts/${liked}/like`, as("PUT", owner.token))).status).toBe(200);
    expect((await h.request(`/api/v1/posts/${reposted}/repost`, as("POST", owner.token))).status).toBe(201);
    expect((await h.request(`/api/v1/posts/${bookmarked}/bookmark`, as("PUT", owner.token))).status).toBe(
      200,
    );
    expect((await h.request(`/api/v1/posts/${liked}/like`, as("PUT", other.token))).status).toBe(200);

    const { data } = await h.rpc(owner.token).exportAccountData({ accountId: owner.id });
    const section = data as {
      likes: { subjectKind: string; postId: string }[];
      reposts: { postId: string }[];
      bookmarks: { postId: string }[];
    };
    expect(section.likes.map((l) => [l.subjectKind, l.postId])).toEqual([["post", liked]]);
    expect(section.reposts.map((r) => r.postId)).toEqual([reposted]);
    expect(section.bookmarks.map((b) => b.postId)).toEqual([bookmarked]);
  });

  test("only the account itself", async () => {
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e) => ConnectError.from(e).code,
      );
    expect(await code(h.rpc(other.token).exportAccountData({ accountId: owner.id }))).toBe(
      Code.PermissionDenied,
    );
    expect(await code(h.rpc().exportAccountData({ accountId: owner.id }))).toBe(Code.Unauthenticated);
  });
});
