import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type ContentHarness,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

/** ExportAccountData: content's section of the account export (deliver 8). */
describe("ExportAccountData", () => {
  let h: ContentHarness;
  let owner: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    h = await startContentService("pglite");
    owner = await h.user("exporter");
    other = await h.user("bystander");
  }, 30_000);
  afterAll(() => h?.close());

  test("the account's posts (drafts and earlier versions included) and its comments", async () => {
    const published = await post(h, owner, { text: "first #export" });
    const edited = await h.request(
      `/api/v1/posts/${published.id}`,
      send("PATCH", { text: "first, edited" }, owner.token),
    );
    expect(edited.status).toBe(200);
    const draft = await post(h, owner, { text: "not yet", draft: true });
    const elsewhere = await post(h, other, { text: "someone else's" });
    await h.request(
      `/api/v1/posts/${elsewhere.id}/comments`,
      send("POST", { text: "my comment" }, owner.token),
    );
    await h.request(`/api/v1/posts/${elsewhere.id}/comments`, send("POST", { text: "theirs" }, other.token));

    const res = await h.rpc(owner.token).exportAccountData({ accountId: owner.id });
    const data = res.data as {
      posts: { id: string; text: string; status: string; earlierVersions: { text: string }[] }[];
      comments: { postId: string; text: string }[];
    };
    expect(data.posts.map((p) => [p.id, p.text, p.status])).toEqual([
      [published.id, "first, edited", "published"],
      [draft.id, "not yet", "draft"],
    ]);
    expect(data.posts[0]?.earlierVersions.map((v) => v.text)).toEqual(["first #export"]);
    expect(data.comments.map((c) => [c.postId, c.text])).toEqual([[elsewhere.id, "my comment"]]);
  });

  test("only the account itself: another account's token is PERMISSION_DENIED, none UNAUTHENTICATED", async () => {
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
