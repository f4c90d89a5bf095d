import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  as,
  DATABASE_KINDS,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

const rpcCode = async (p: Promise<unknown>) => {
  try {
    await p;
    return "OK";
  } catch (err) {
    return Code[ConnectError.from(err).code];
  }
};

for (const kind of DATABASE_KINDS) {
  describe(`BatchGetEngagement RPC and the GraphQL subschema (${kind})`, () => {
    let h: SocialServiceHarness;
    let alice: TestUser;
    let bob: TestUser;

    beforeAll(async () => {
      h = await startSocialService(kind);
      [alice, bob] = [await h.user(), await h.user()];
    });
    afterAll(() => h?.close());

    test("answers 100 posts in one call, in request order, with the viewer's own state", async () => {
      const posts = Array.from({ length: 100 }, () => h.peers.addPost(alice.id));
      await h.request(`/api/v1/posts/${posts[3]}/like`, as("PUT", bob.token));
      await h.request(`/api/v1/posts/${posts[7]}/repost`, as("POST", bob.token));
      const res = await h.rpc(bob.token).batchGetEngagement({ postIds: posts });
      expect(res.engagements.map((e) => e.postId)).toEqual(posts);
      expect(res.engagements[3]?.counts?.likes).toBe(1n);
      expect(res.engagements[3]?.viewerState?.liked).toBe(true);
      expect(res.engagements[7]?.viewerState?.reposted).toBe(true);
      expect(res.engagements[0]?.counts?.likes).toBe(0n);
      const anon = await h.rpc().batchGetEngagement({ postIds: [posts[3] as string] });
      expect(anon.engagements[0]?.viewerState?.liked).toBe(false);
    });

    test("bad input is INVALID_ARGUMENT; another viewer's id with a token is PERMISSION_DENIED", async () => {
      const many = Array.from({ length: 101 }, () => Bun.randomUUIDv7());
      expect(await rpcCode(h.rpc().batchGetEngagement({ postIds: many }))).toBe("InvalidArgument");
      expect(await rpcCode(h.rpc().batchGetEngagement({ postIds: ["nope"] }))).toBe("InvalidArgument");
      expect(
        await rpcCode(
          h.rpc(bob.token).batchGetEngagement({ viewerId: alice.id, postIds: [Bun.randomUUIDv7()] }),
        ),
      ).toBe("PermissionDenied");
      expect(await rpcCode(h.rpc("garbage").batchGetEngagement({ postIds: [] }))).toBe("Unauthenticated");
    });

    test("the viewer is the token: a client cannot name viewer_id; only a service may (BatchGetEngagement is public)", async () => {
      const post = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token));
      const ask = { viewerId: bob.id, postIds: [post] };
      // No credential at all: refused (it used to answer bob's liked state to anyone naming him).
      expect(await rpcCode(h.rpc(undefined, null).batchGetEngagement(ask))).toBe("Unauthenticated");
      // An end user naming someone else: refused; their own token: their own state.
      expect(await rpcCode(h.rpc(alice.token, null).batchGetEngagement(ask))).toBe("PermissionDenied");
      const own = await h.rpc(bob.token, null).batchGetEngagement({ postIds: [post] });
      expect(own.engagements[0]?.viewerState?.liked).toBe(true);
      // A service acting on its own may name the viewer.
      const asService = await h.rpc(undefined, "feed-service").batchGetEngagement(ask);
      expect(asService.engagements[0]?.viewerState?.liked).toBe(true);
    });

    test("serves its SDL with the Post merge key and batched _postsEngagement", async () => {
      const res = await h.graphql("{ _sdl }");
      const sdl = (res.data as { _sdl: string })._sdl;
      // The key carries content's visibility grant beside the id (see visibility-grant.test.ts).
      expect(sdl).toContain('type Post @key(selectionSet: "{ id _viewGrant }")');
      expect(sdl).toContain("_postsEngagement(ids: [ID!]!, viewGrants: [String]): [Post]!");
      expect(sdl).toContain('@merge(argsExpr: "ids: [[$key.id]], viewGrants: [[$key._viewGrant]]")');
      const posts = [h.peers.addPost(alice.id), h.peers.addPost(alice.id)];
      await h.request(`/api/v1/posts/${posts[1]}/like`, as("PUT", bob.token));
      const merged = await h.graphql(
        "query($ids: [ID!]!) { _postsEngagement(ids: $ids) { id counts { likes } viewerState { liked } } }",
        { ids: posts },
        bob.token,
      );
      expect(merged.errors).toBeUndefined();
      expect(merged.data?._postsEngagement).toEqual([
        { id: posts[0], counts: { likes: 0 }, viewerState: { liked: false } },
        { id: posts[1], counts: { likes: 1 }, viewerState: { liked: true } },
      ]);
    });

    test("mutations like/unlike/repost/unrepost/bookmark/unbookmark and myBookmarks", async () => {
      const post = h.peers.addPost(alice.id);
      const sel = "{ id counts { likes reposts bookmarks } viewerState { liked reposted bookmarked } }";
      const run = async (m: string) => {
        const r = await h.graphql(`mutation($p: ID!) { ${m}(postId: $p) ${sel} }`, { p: post }, bob.token);
        expect(r.errors).toBeUndefined();
        return (r.data as Record<string, unknown>)[m];
      };
      expect(await run("likePost")).toMatchObject({ counts: { likes: 1 }, viewerState: { liked: true } });
      expect(await run("repost")).toMatchObject({ counts: { reposts: 1 }, viewerState: { reposted: true } });
      expect(await run("bookmark")).toMatchObject({
        counts: { bookmarks: 1 },
        viewerState: { bookmarked: true },
      });
      const list = await h.graphql(
        "{ myBookmarks(first: 10) { nodes { post { id viewerState { bookmarked } } } nextCursor } }",
        {},
        bob.token,
      );
      expect(list.data?.myBookmarks).toEqual({
        nodes: [{ post: { id: post, viewerState: { bookmarked: true } } }],
        nextCursor: null,
      });
      expect(await run("unlikePost")).toMatchObject({ counts: { likes: 0 } });
      expect(await run("unrepost")).toMatchObject({ counts: { reposts: 0 } });
      expect(await run("unbookmark")).toMatchObject({ counts: { bookmarks: 0 } });
    });

    test("who liked a post (Post.likers) and my likes (myLikes), with the REST verbs' rules and codes", async () => {
      const post = h.peers.addPost(alice.id);
      const like = await h.graphql(
        "mutation($p: ID!) { likePost(postId: $p) { id } }",
        { p: post },
        bob.token,
      );
      expect(like.errors).toBeUndefined();
      const likers = await h.graphql(
        "query($p: ID!) { _postsEngagement(ids: [$p]) { likers(first: 5) { nodes { user { id } likedAt } nextCursor } } }",
        { p: post },
        alice.token,
      );
      expect(likers.errors).toBeUndefined();
      const page = (
        likers.data as { _postsEngagement: [{ likers: { nodes: unknown[]; nextCursor: unknown } }] }
      )._postsEngagement[0].likers;
      expect(page.nodes).toEqual([{ user: { id: bob.id }, likedAt: expect.any(String) }]);
      expect(page.nextCursor).toBeNull();
      const mine = await h.graphql(
        "{ myLikes(first: 10) { nodes { post { id viewerState { liked } } } nextCursor } }",
        {},
        bob.token,
      );
      expect(mine.data?.myLikes).toMatchObject({
        nodes: expect.arrayContaining([{ post: { id: post, viewerState: { liked: true } } }]),
      });
      expect((await h.graphql("{ myLikes { nextCursor } }")).errors?.[0]?.extensions?.code).toBe(
        "UNAUTHENTICATED",
      );
      const hidden = h.peers.addPost(alice.id, []);
      const invisible = await h.graphql(
        "query($p: ID!) { _postsEngagement(ids: [$p]) { likers { nextCursor } } }",
        { p: hidden },
        bob.token,
      );
      expect(invisible.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });

    test("errors carry their code: anonymous, invisible post, content down", async () => {
      const post = h.peers.addPost(alice.id, []);
      const m = "mutation($p: ID!) { likePost(postId: $p) { id } }";
      expect((await h.graphql(m, { p: post })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await h.graphql(m, { p: post }, bob.token)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      expect((await h.graphql(m, { p: "x" }, bob.token)).errors?.[0]?.extensions?.code).toBe(
        "INVALID_ARGUMENT",
      );
      h.peers.contentDown = true;
      const down = await h.graphql(m, { p: h.peers.addPost(alice.id) }, bob.token);
      h.peers.contentDown = false;
      expect(down.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
      expect((await h.graphql("{ myBookmarks { nextCursor } }")).errors?.[0]?.extensions?.code).toBe(
        "UNAUTHENTICATED",
      );
    });
  });
}
