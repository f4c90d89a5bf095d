import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code } from "@connectrpc/connect";
import {
  as,
  body,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

/**
 * Engagement of a post is only told to a caller who may see it (finding 10): a followers-only post
 * asked about by a non-follower answers like a post that does not exist.
 */
describe("engagement only for visible posts", () => {
  let h: SocialServiceHarness;
  let author: TestUser;
  let follower: TestUser;
  let outsider: TestUser;
  let post: string;

  beforeAll(async () => {
    h = await startSocialService("pglite");
    [author, follower, outsider] = [await h.user(), await h.user(), await h.user()];
    // Visible to the follower only (and the author): content's followers-only rule, as the fake says.
    post = h.peers.addPost(author.id, [follower.id]);
    expect((await h.request(`/api/v1/posts/${post}/like`, as("PUT", follower.token))).status).toBe(200);
    expect((await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", follower.token))).status).toBe(200);
  }, 30_000);
  afterAll(() => h?.close());

  for (const [method, path] of [
    ["DELETE", "like"],
    ["DELETE", "repost"],
    ["DELETE", "bookmark"],
  ] as const) {
    test(`${method} /posts/{followers-only}/${path} as a non-follower → 404 problem, no counts`, async () => {
      const res = await h.request(`/api/v1/posts/${post}/${path}`, as(method, outsider.token));
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await body(res);
      expect(problem.code).toBe("not_found");
      expect(JSON.stringify(problem)).not.toContain("counts");
    });
  }

  test("BatchGetEngagement for an end user: an invisible post answers like an unknown one", async () => {
    const [asOutsider] = (await h.rpc(outsider.token, null).batchGetEngagement({ postIds: [post] }))
      .engagements;
    expect(asOutsider?.counts?.likes).toBe(0n);
    expect(asOutsider?.counts?.bookmarks).toBe(0n);
    const [asFollower] = (await h.rpc(follower.token, null).batchGetEngagement({ postIds: [post] }))
      .engagements;
    expect(asFollower?.counts?.likes).toBe(1n);
    expect(asFollower?.viewerState?.liked).toBe(true);
    // Anonymous clients get nothing at all: a public RPC still needs a token or a service credential.
    const anonymous = await h
      .rpc(undefined, null)
      .batchGetEngagement({ postIds: [post] })
      .then(
        () => "answered",
        (err: { code?: number }) => err.code,
      );
    expect(anonymous).toBe(Code.Unauthenticated);
  });

  test("a verified service (feed, which shows only what its viewer may see) gets the counts", async () => {
    const [view] = (
      await h.rpc(undefined, "feed-service").batchGetEngagement({
        postIds: [post],
        viewerId: follower.id,
      })
    ).engagements;
    expect(view?.counts?.likes).toBe(1n);
    expect(view?.viewerState?.liked).toBe(true);
  });

  test("GraphQL Post engagement: zero for the outsider, the real counts for the follower", async () => {
    const query =
      "query($ids: [ID!]!) { _postsEngagement(ids: $ids) { counts { likes } viewerState { liked } } }";
    const outsiderRes = await h.graphql(query, { ids: [post] }, outsider.token);
    expect(outsiderRes.data).toEqual({
      _postsEngagement: [{ counts: { likes: 0 }, viewerState: { liked: false } }],
    });
    const followerRes = await h.graphql(query, { ids: [post] }, follower.token);
    expect(followerRes.data).toEqual({
      _postsEngagement: [{ counts: { likes: 1 }, viewerState: { liked: true } }],
    });
  });

  test("GET /posts/{id}/engagement: zeros for the outsider and anonymous, the real counts for the follower", async () => {
    const get = async (token?: string) =>
      body(await h.request(`/api/v1/posts/${post}/engagement`, token ? { token } : {}));
    expect(await get(outsider.token)).toEqual({
      postId: post,
      counts: { likes: 0, comments: 0, reposts: 0, quotes: 0, bookmarks: 0 },
      viewerState: { liked: false, reposted: false, bookmarked: false },
    });
    expect((await get()).counts.likes).toBe(0);
    const asFollower = await get(follower.token);
    expect(asFollower.counts).toMatchObject({ likes: 1, bookmarks: 1 });
    expect(asFollower.viewerState).toEqual({ liked: true, reposted: false, bookmarked: true });
    const bad = await h.request("/api/v1/posts/not-an-id/engagement", { token: follower.token });
    expect(bad.status).toBe(400); // as every social route answers a malformed id
  });

  test("one who liked and then lost sight of the post still takes the like back, and learns nothing", async () => {
    const other = h.peers.addPost(author.id, [follower.id, outsider.id]);
    expect((await h.request(`/api/v1/posts/${other}/like`, as("PUT", outsider.token))).status).toBe(200);
    h.peers.posts.set(other, { id: other, authorId: author.id, visibleTo: new Set([follower.id]) });
    const res = await h.request(`/api/v1/posts/${other}/like`, as("DELETE", outsider.token));
    expect(res.status).toBe(404);
    const [view] = (await h.rpc(follower.token, null).batchGetEngagement({ postIds: [other] })).engagements;
    expect(view?.counts?.likes).toBe(0n);
  });

  test("who liked a post leaves out accounts the viewer mutes (for that viewer only)", async () => {
    const open = h.peers.addPost(author.id);
    const [loud, quiet] = [await h.user(), await h.user()];
    for (const u of [loud, quiet])
      expect((await h.request(`/api/v1/posts/${open}/like`, as("PUT", u.token))).status).toBe(200);
    h.peers.mutes.add(`${follower.id}:${loud.id}`);
    const likers = async (who: TestUser) =>
      (await body(await h.request(`/api/v1/posts/${open}/likes`, { token: who.token }))).items.map(
        (i: { accountId: string }) => i.accountId,
      );
    expect(await likers(follower)).toEqual([quiet.id]);
    expect(await likers(outsider)).toEqual([quiet.id, loud.id]);
  });
});
