import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code } from "@connectrpc/connect";
import { connectCode } from "@nova/testing";
import { hidePost } from "../src/domain/hide-post.ts";
import {
  type ContentHarness,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

describe("ListPostsForReindex / ListCommentsForReindex (internal, search-service only)", () => {
  let h: ContentHarness;
  let author: TestUser;
  let reader: TestUser;
  const ids: string[] = [];
  let hidden: string;
  let followersOnly: string;

  beforeAll(async () => {
    h = await startContentService("pglite", { env: { RATE_LIMIT_POSTS: "1000/1m" } });
    author = await h.user("ri_author");
    reader = await h.user("ri_reader");
    for (let i = 0; i < 5; i++) ids.push((await post(h, author, { text: `post ${i} #reindex` })).id);
    followersOnly = (await post(h, author, { text: "for followers", visibility: "followers" })).id;
    hidden = (await post(h, author, { text: "to be hidden" })).id;
    await hidePost({ ctx: h.ctx, input: { id: hidden, reason: "spam" } });
    const draft = await h.request(
      "/api/v1/posts",
      send("POST", { text: "a draft", draft: true }, author.token),
    );
    expect(draft.status).toBeLessThan(300);
    await h.request(
      `/api/v1/posts/${ids[0]}/comments`,
      send("POST", { text: "first comment" }, reader.token),
    );
    await h.request(
      `/api/v1/posts/${ids[1]}/comments`,
      send("POST", { text: "second comment" }, reader.token),
    );
  }, 30_000);
  afterAll(() => h?.close());

  const rpc = () => h.rpc(undefined, "search-service");

  test("pages through every published post in id order, hidden and followers-only ones flagged, drafts left out", async () => {
    const seen: { id: string; hidden: boolean; text: string }[] = [];
    let cursor = "";
    let pages = 0;
    do {
      const res = await rpc().listPostsForReindex({ pageSize: 3, cursor });
      seen.push(
        ...res.posts.map((p) => ({ id: p.post?.id ?? "", hidden: p.hidden, text: p.post?.text ?? "" })),
      );
      cursor = res.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.map((p) => p.id)).toEqual([...ids, followersOnly, hidden].sort());
    expect(seen.find((p) => p.id === hidden)?.hidden).toBe(true);
    expect(seen.find((p) => p.id === followersOnly)?.hidden).toBe(false);
    expect(seen.some((p) => p.text === "a draft")).toBe(false);
  });

  test("lists comments on published posts with their post's author", async () => {
    const res = await rpc().listCommentsForReindex({ pageSize: 10, cursor: "" });
    expect(res.comments.map((c) => c.comment?.text)).toEqual(["first comment", "second comment"]);
    expect(res.comments.every((c) => c.comment?.postAuthorId === author.id && !c.hidden)).toBe(true);
    expect(res.nextCursor).toBe("");
  });

  test("refuses end users, other services and bad page arguments", async () => {
    expect(await connectCode(() => h.rpc(reader.token).listPostsForReindex({}))).toBe(Code.PermissionDenied);
    expect(await connectCode(() => h.rpc(undefined, "notification-service").listPostsForReindex({}))).toBe(
      Code.PermissionDenied,
    );
    expect(await connectCode(() => rpc().listCommentsForReindex({ pageSize: 5000 }))).toBe(
      Code.InvalidArgument,
    );
    expect(await connectCode(() => rpc().listPostsForReindex({ cursor: "bm90LWEtdXVpZA" }))).toBe(
      Code.InvalidArgument,
    );
  });
});
