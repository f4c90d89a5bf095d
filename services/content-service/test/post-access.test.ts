import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code } from "@connectrpc/connect";
import { connectCode } from "@nova/testing";
import { type ContentHarness, post, startContentService, type TestUser } from "./support/content-harness.ts";

describe("BatchCheckPostAccess (internal, notification-service only)", () => {
  let h: ContentHarness;
  let author: TestUser;
  let follower: TestUser;
  let stranger: TestUser;
  let mentioned: TestUser;
  let pub: string;
  let followersOnly: string;
  let direct: string;

  beforeAll(async () => {
    h = await startContentService("pglite", { env: { RATE_LIMIT_POSTS: "1000/1m" } });
    author = await h.user("pa_author");
    follower = await h.user("pa_follower");
    stranger = await h.user("pa_stranger");
    mentioned = await h.user("pa_mentioned");
    h.world.follow(follower.id, author.id);
    pub = (await post(h, author, { text: "public" })).id;
    followersOnly = (await post(h, author, { text: "followers", visibility: "followers" })).id;
    direct = (await post(h, author, { text: "hi @pa_mentioned", visibility: "mentioned" })).id;
  }, 30_000);
  afterAll(() => h?.close());

  const ask = (viewerId: string, postIds: string[]) =>
    h.rpc(undefined, "notification-service").batchCheckPostAccess({ viewerId, postIds });

  test("answers by GetPost's rules for the named account; nothing about what it may not see", async () => {
    const unknown = Bun.randomUUIDv7();
    const ids = [pub, followersOnly, direct, unknown, pub];
    const asFollower = await ask(follower.id, ids);
    expect(asFollower.posts.map((p) => [p.postId, p.authorId, p.visible])).toEqual([
      [pub, author.id, true],
      [followersOnly, author.id, true],
      [direct, "", false],
      [unknown, "", false],
    ]);
    const asStranger = await ask(stranger.id, ids);
    expect(asStranger.posts.map((p) => [p.postId, p.authorId, p.visible])).toEqual([
      [pub, author.id, true],
      [followersOnly, "", false],
      [direct, "", false],
      [unknown, "", false],
    ]);
    const asMentioned = await ask(mentioned.id, [direct, followersOnly]);
    expect(asMentioned.posts.map((p) => p.visible)).toEqual([true, false]);
    // The same answers GetPost gives those accounts with their own tokens.
    expect(await connectCode(() => h.rpc(stranger.token, null).getPost({ postId: followersOnly }))).toBe(
      Code.NotFound,
    );
    expect((await h.rpc(follower.token, null).getPost({ postId: followersOnly })).post?.id).toBe(
      followersOnly,
    );
    // A block either way hides even a public post.
    h.world.block(author.id, stranger.id);
    expect((await ask(stranger.id, [pub])).posts[0]?.visible).toBe(false);
  });

  test("another service is PermissionDenied; an end user (even naming themselves) or nobody is Unauthenticated", async () => {
    expect(
      await connectCode(() =>
        h.rpc(undefined, "feed-service").batchCheckPostAccess({ viewerId: follower.id, postIds: [pub] }),
      ),
    ).toBe(Code.PermissionDenied);
    expect(
      await connectCode(() =>
        h.rpc(follower.token, null).batchCheckPostAccess({ viewerId: follower.id, postIds: [pub] }),
      ),
    ).toBe(Code.Unauthenticated);
    expect(
      await connectCode(() =>
        h.rpc(undefined, null).batchCheckPostAccess({ viewerId: follower.id, postIds: [pub] }),
      ),
    ).toBe(Code.Unauthenticated);
  });

  test("graph-service down: Unavailable (retry later), never a guessed 'not visible'", async () => {
    h.world.graphDown = true;
    try {
      expect(await connectCode(() => ask(follower.id, [followersOnly]))).toBe(Code.Unavailable);
    } finally {
      h.world.graphDown = false;
    }
    expect((await ask(follower.id, [followersOnly])).posts[0]?.visible).toBe(true);
  });

  test("bad input is InvalidArgument", async () => {
    expect(await connectCode(() => ask("nope", [pub]))).toBe(Code.InvalidArgument);
    const many = Array.from({ length: 101 }, () => Bun.randomUUIDv7());
    expect(await connectCode(() => ask(follower.id, many))).toBe(Code.InvalidArgument);
  });
});
