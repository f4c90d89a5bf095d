import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code } from "@connectrpc/connect";
import { Visibility } from "@nova/proto/content/v1";
import { connectCode } from "@nova/testing";
import {
  type ContentHarness,
  DATABASE_KINDS,
  post,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`RPC (${kind})`, () => {
    let h: ContentHarness;
    let author: TestUser;
    let follower: TestUser;
    let stranger: TestUser;
    let pub: string;
    let followersOnly: string;

    beforeAll(async () => {
      // One author writes more posts here than a minute's write limit allows; limits are not under test.
      h = await startContentService(kind, { env: { RATE_LIMIT_POSTS: "1000/1m" } });
      author = await h.user("rpc_author");
      follower = await h.user("rpc_follower");
      stranger = await h.user("rpc_stranger");
      h.world.follow(follower.id, author.id);
      pub = (await post(h, author, { text: "public #rpc" })).id;
      followersOnly = (await post(h, author, { text: "followers", visibility: "followers" })).id;
    }, 30_000);
    afterAll(() => h?.close());

    test("GetPost is viewer-aware: NotFound for what the caller may not see", async () => {
      const res = await h.rpc(follower.token).getPost({ postId: followersOnly });
      expect(res.post).toMatchObject({
        id: followersOnly,
        authorId: author.id,
        visibility: Visibility.FOLLOWERS,
      });
      expect(await connectCode(() => h.rpc(stranger.token).getPost({ postId: followersOnly }))).toBe(
        Code.NotFound,
      );
      expect(await connectCode(() => h.rpc().getPost({ postId: followersOnly }))).toBe(Code.NotFound);
      expect((await h.rpc().getPost({ postId: pub })).post?.hashtags).toEqual(["rpc"]);
      expect(await connectCode(() => h.rpc().getPost({ postId: "nope" }))).toBe(Code.InvalidArgument);
    });

    test("BatchGetPosts: request order, invisible and unknown left out, at most 100", async () => {
      const ids = [followersOnly, Bun.randomUUIDv7(), pub, pub];
      expect((await h.rpc(follower.token).batchGetPosts({ postIds: ids })).posts.map((p) => p.id)).toEqual([
        followersOnly,
        pub,
      ]);
      expect((await h.rpc(stranger.token).batchGetPosts({ postIds: ids })).posts.map((p) => p.id)).toEqual([
        pub,
      ]);
      const many = Array.from({ length: 101 }, () => Bun.randomUUIDv7());
      expect(await connectCode(() => h.rpc().batchGetPosts({ postIds: many }))).toBe(Code.InvalidArgument);
    });

    test("BatchGetPosts checks relationships once per call, however many posts", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await post(h, author, { text: `bulk ${i}` })).id);
      const before = h.world.calls.batchCheckRelationships;
      const res = await h.rpc(follower.token).batchGetPosts({ postIds: ids });
      expect(res.posts).toHaveLength(30);
      expect(h.world.calls.batchCheckRelationships - before).toBe(1);
    });

    test("ListPostsByAuthors: newest first across authors, cursor pages, replies optional", async () => {
      const other = await h.user("rpc_other");
      const a = await post(h, other, { text: "other 1" });
      const b = await post(h, other, { text: "other 2", replyToPostId: a.id });
      const first = await h
        .rpc(follower.token)
        .listPostsByAuthors({ authorIds: [other.id, author.id], pageSize: 2, includeReplies: true });
      expect(first.posts.map((p) => p.id)).toEqual([b.id, a.id]);
      expect(first.nextCursor).not.toBe("");
      const second = await h.rpc(follower.token).listPostsByAuthors({
        authorIds: [other.id, author.id],
        pageSize: 2,
        includeReplies: true,
        cursor: first.nextCursor,
      });
      expect(second.posts.every((p) => p.authorId === author.id)).toBe(true);
      const noReplies = await h.rpc().listPostsByAuthors({ authorIds: [other.id], includeReplies: false });
      expect(noReplies.posts.map((p) => p.id)).toEqual([a.id]);
      expect(await connectCode(() => h.rpc().listPostsByAuthors({ authorIds: [] }))).toBe(
        Code.InvalidArgument,
      );
      expect(
        await connectCode(() => h.rpc().listPostsByAuthors({ authorIds: [author.id], cursor: "bad" })),
      ).toBe(Code.InvalidArgument);
    });

    test("public RPCs: an end-user token (the viewer) or a service credential; nothing at all is refused", async () => {
      expect(await connectCode(() => h.rpc(undefined, null).getPost({ postId: pub }))).toBe(
        Code.Unauthenticated,
      );
      expect(
        await connectCode(() => h.rpc(undefined, null).listPostsByAuthors({ authorIds: [author.id] })),
      ).toBe(Code.Unauthenticated);
      // Without a service credential, the token alone is the viewer.
      expect((await h.rpc(follower.token, null).getPost({ postId: followersOnly })).post?.id).toBe(
        followersOnly,
      );
      expect(await connectCode(() => h.rpc(stranger.token, null).getPost({ postId: followersOnly }))).toBe(
        Code.NotFound,
      );
    });

    test("a bad token is Unauthenticated", async () => {
      expect(await connectCode(() => h.rpc("garbage").getPost({ postId: pub }))).toBe(Code.Unauthenticated);
    });
  });
}
