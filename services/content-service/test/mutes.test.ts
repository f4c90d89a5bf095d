import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  type ContentHarness,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

/** A viewer's mutes apply to every list of others' posts and comments they read. */
describe("mutes hide a muted author from the lists a viewer reads", () => {
  let h: ContentHarness;
  let viewer: TestUser;
  let muted: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    h = await startContentService("pglite");
    viewer = await h.user("vera");
    muted = await h.user("mick");
    other = await h.user("olga");
    h.world.mute(viewer.id, muted.id);
  }, 30_000);
  afterAll(() => h?.close());

  const ids = (posts: { id: string }[]) => posts.map((p) => p.id);
  const nodes = (data: Record<string, unknown> | null | undefined) =>
    (data?.hashtagPosts as { nodes: { id: string }[] } | undefined)?.nodes ?? [];

  test("GET /api/v1/hashtags/{tag}/posts leaves out a muted author's posts, for the muter only", async () => {
    const hidden = await post(h, muted, { text: "loud #gardening" });
    const shown = await post(h, other, { text: "quiet #gardening" });
    const asViewer = await body(await h.request("/api/v1/hashtags/gardening/posts", { token: viewer.token }));
    expect(ids(asViewer.posts)).toEqual([shown.id]);
    const asOther = await body(await h.request("/api/v1/hashtags/gardening/posts", { token: other.token }));
    expect(ids(asOther.posts)).toEqual([shown.id, hidden.id]);
  });

  test("Query.hashtagPosts (GraphQL) leaves them out too", async () => {
    const hidden = await post(h, muted, { text: "loud #birds" });
    const shown = await post(h, other, { text: "quiet #birds" });
    const res = await h.graphql(
      "query($tag: String!) { hashtagPosts(tag: $tag) { nodes { id } } }",
      { tag: "birds" },
      viewer.token,
    );
    expect(ids(nodes(res.data))).toEqual([shown.id]);
    const asOther = await h.graphql(
      "query($tag: String!) { hashtagPosts(tag: $tag) { nodes { id } } }",
      { tag: "birds" },
      other.token,
    );
    expect(ids(nodes(asOther.data))).toEqual([shown.id, hidden.id]);
  });

  test("a post's comments leave out a muted account's comments", async () => {
    const p = await post(h, other, { text: "discuss" });
    await h.request(`/api/v1/posts/${p.id}/comments`, send("POST", { text: "from mick" }, muted.token));
    await h.request(`/api/v1/posts/${p.id}/comments`, send("POST", { text: "from olga" }, other.token));
    const asViewer = await body(await h.request(`/api/v1/posts/${p.id}/comments`, { token: viewer.token }));
    expect(asViewer.comments.map((c: { text: string }) => c.text)).toEqual(["from olga"]);
    const asOther = await body(await h.request(`/api/v1/posts/${p.id}/comments`, { token: other.token }));
    expect(asOther.comments.map((c: { text: string }) => c.text)).toEqual(["from mick", "from olga"]);
  });

  test("the muted author's own profile page still shows their posts to the muter (visiting is a choice)", async () => {
    const own = await post(h, muted, { text: "on my page" });
    const page = await body(await h.request(`/api/v1/users/${muted.id}/posts`, { token: viewer.token }));
    expect(ids(page.posts)).toContain(own.id);
  });
});
