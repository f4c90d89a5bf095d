import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestServicePki } from "@nova/auth/testing";
import {
  as,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

/**
 * `_postsEngagement(ids, viewGrants)`: posts covered by a valid grant from content-service (the
 * gateway fetched it with the posts, in the same request) skip the BatchGetPosts question; any
 * other grant counts for nothing, and the post is checked as before — a hidden post answers zeros.
 */
describe("engagement with content's visibility grants", () => {
  let h: SocialServiceHarness;
  let author: TestUser;
  let follower: TestUser;
  let outsider: TestUser;
  let hidden: string; // the follower's (and author's) to see; liked by the follower
  let open: string;

  const QUERY =
    "query($ids: [ID!]!, $g: [String]) { _postsEngagement(ids: $ids, viewGrants: $g) { id counts { likes } viewerState { liked } } }";
  const engagement = async (who: TestUser | undefined, ids: string[], grants: (string | null)[]) => {
    const before = h.peers.calls.batchGetPosts;
    const res = await h.graphql(QUERY, { ids, g: grants }, who?.token);
    expect(res.errors).toBeUndefined();
    const rows = res.data?._postsEngagement as { id: string; counts: { likes: number } }[];
    return { likes: rows.map((r) => r.counts.likes), asked: h.peers.calls.batchGetPosts - before };
  };
  const grant = (viewer: string | undefined, posts: string[], audience = "social-service") =>
    h.pki.identity("content-service").grants.issue({ audience, viewer, posts });

  beforeAll(async () => {
    h = await startSocialService("pglite");
    [author, follower, outsider] = [await h.user(), await h.user(), await h.user()];
    hidden = h.peers.addPost(author.id, [follower.id]);
    open = h.peers.addPost(author.id);
    expect((await h.request(`/api/v1/posts/${hidden}/like`, as("PUT", follower.token))).status).toBe(200);
    expect((await h.request(`/api/v1/posts/${open}/like`, as("PUT", follower.token))).status).toBe(200);
  }, 90_000);
  afterAll(() => h?.close());

  test("a valid grant for the caller: counts without asking content (no BatchGetPosts)", async () => {
    const g = await grant(follower.id, [hidden, open]);
    expect(await engagement(follower, [hidden, open], [g, g])).toEqual({ likes: [1, 1], asked: 0 });
  });

  test("posts the grant does not name are still asked about, and only those", async () => {
    const g = await grant(outsider.id, [open]);
    // The outsider's own valid grant names `open` only: `hidden` goes to content, which says no.
    expect(await engagement(outsider, [open, hidden], [g, g])).toEqual({ likes: [1, 0], asked: 1 });
  });

  test("no grant: today's check (BatchGetPosts), a hidden post answers zeros", async () => {
    expect(await engagement(outsider, [hidden], [])).toEqual({ likes: [0], asked: 1 });
    expect(await engagement(follower, [hidden], [null])).toEqual({ likes: [1], asked: 1 });
  });

  test("another viewer's grant does not open the post to the caller", async () => {
    const followersGrant = await grant(follower.id, [hidden]);
    expect(await engagement(outsider, [hidden], [followersGrant])).toEqual({ likes: [0], asked: 1 });
  });

  test("an anonymous grant is not the caller's, nor is an account's grant an anonymous caller's", async () => {
    expect(await engagement(outsider, [hidden], [await grant(undefined, [hidden])])).toEqual({
      likes: [0],
      asked: 1,
    });
    expect(await engagement(undefined, [hidden], [await grant(follower.id, [hidden])])).toEqual({
      likes: [0],
      asked: 1,
    });
  });

  test("a grant for another audience counts for nothing", async () => {
    const g = await grant(outsider.id, [hidden], "feed-service");
    expect(await engagement(outsider, [hidden], [g])).toEqual({ likes: [0], asked: 1 });
  });

  test("a forged grant (a key the trust bundle does not hold for content-service) counts for nothing", async () => {
    const forger = createTestServicePki().identity("content-service");
    const forged = await forger.grants.issue({
      audience: "social-service",
      viewer: outsider.id,
      posts: [hidden],
    });
    expect(await engagement(outsider, [hidden], [forged])).toEqual({ likes: [0], asked: 1 });
    // Signed by a service the bundle trusts, but not the one that owns visibility.
    const byFeed = await h.pki
      .identity("feed-service")
      .grants.issue({ audience: "social-service", viewer: outsider.id, posts: [hidden] });
    expect(await engagement(outsider, [hidden], [byFeed])).toEqual({ likes: [0], asked: 1 });
    // A valid grant with its claims edited (signature no longer matches).
    const [head, , sig] = (await grant(outsider.id, [open])).split(".");
    const body = Buffer.from(
      JSON.stringify({
        iss: "content-service",
        aud: "social-service",
        sub: outsider.id,
        posts: [hidden],
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 30,
      }),
    ).toString("base64url");
    expect(await engagement(outsider, [hidden], [`${head}.${body}.${sig}`])).toEqual({
      likes: [0],
      asked: 1,
    });
    expect(await engagement(outsider, [hidden], ["not a grant"])).toEqual({ likes: [0], asked: 1 });
  });

  test("an expired grant counts for nothing", async () => {
    const past = h.pki.identity("content-service", { clock: () => new Date(Date.now() - 60_000) });
    const old = await past.grants.issue({ audience: "social-service", viewer: outsider.id, posts: [hidden] });
    expect(await engagement(outsider, [hidden], [old])).toEqual({ likes: [0], asked: 1 });
  });

  test("a service token is not a grant", async () => {
    const token = await h.pki.identity("content-service").tokenFor("social-service");
    expect(await engagement(outsider, [hidden], [token])).toEqual({ likes: [0], asked: 1 });
  });

  test("a block after a grant: the next request has no grant for the post and content's answer applies", async () => {
    const g = await grant(follower.id, [hidden]);
    expect(await engagement(follower, [hidden], [g])).toEqual({ likes: [1], asked: 0 });
    h.peers.block(author.id, follower.id);
    try {
      // content grants per request: the next one, after the block, does not name the post.
      expect(await engagement(follower, [hidden], [await grant(follower.id, [])])).toEqual({
        likes: [0],
        asked: 1,
      });
    } finally {
      h.peers.blocks.delete(`${author.id}:${follower.id}`);
    }
  });

  test("REST engagement and RPC BatchGetEngagement still ask content (they carry no grant)", async () => {
    const before = h.peers.calls.batchGetPosts;
    const res = await h.request(`/api/v1/posts/${hidden}/engagement`, { token: outsider.token });
    expect(((await res.json()) as { counts: { likes: number } }).counts.likes).toBe(0);
    const [view] = (await h.rpc(outsider.token, null).batchGetEngagement({ postIds: [hidden] })).engagements;
    expect(view?.counts?.likes).toBe(0n);
    expect(h.peers.calls.batchGetPosts - before).toBe(2);
  });
});
