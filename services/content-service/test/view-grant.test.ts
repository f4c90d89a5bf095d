import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ANONYMOUS_VIEWER } from "@nova/auth";
import { type ContentHarness, post, startContentService, type TestUser } from "./support/content-harness.ts";

// biome-ignore lint/suspicious/noExplicitAny: a JWT part is whatever JSON the signer wrote
const part = (token: string, i: number): Record<string, any> =>
  JSON.parse(Buffer.from(token.split(".")[i] ?? "", "base64url").toString());
const decodeProtectedHeader = (token: string) => part(token, 0);
const decodeJwt = (token: string) => part(token, 1);

/**
 * `Post._viewGrant`: content-service, which decides who sees a post, signs for social-service that
 * this request's viewer may see the posts it was just shown — and nothing else.
 */
describe("visibility grants for social-service", () => {
  let h: ContentHarness;
  let author: TestUser;
  let follower: TestUser;
  let stranger: TestUser;
  let ids: { pub: string; pub2: string; followers: string };

  const grantsOf = async (postIds: string[], who?: TestUser) => {
    const res = await h.graphql(
      "query($ids: [ID!]!) { _posts(ids: $ids) { id _viewGrant } }",
      { ids: postIds },
      who?.token,
    );
    expect(res.errors).toBeUndefined();
    return res.data?._posts as ({ id: string; _viewGrant: string | null } | null)[];
  };
  // What social-service does with a grant (its own identity, the same trust bundle).
  const coveredFor = (token: string, viewer: string | undefined) =>
    h.pki.identity("social-service").grants.covered(token, { issuer: "content-service", viewer });

  beforeAll(async () => {
    h = await startContentService("pglite");
    author = await h.user("gina");
    follower = await h.user("fred");
    stranger = await h.user("stan");
    h.world.follow(follower.id, author.id);
    ids = {
      pub: (await post(h, author, { text: "for everyone" })).id,
      pub2: (await post(h, author, { text: "for everyone, again" })).id,
      followers: (await post(h, author, { text: "for followers", visibility: "followers" })).id,
    };
  }, 90_000); // PGlite's migrated template takes ~25 s to build on a loaded machine
  afterAll(() => h?.close());

  test("one grant per request batch: signed once for every post shown, naming the viewer, ≤ 30 s, for social-service", async () => {
    const posts = await grantsOf([ids.pub, ids.followers, ids.pub2], follower);
    expect(posts.map((p) => p?.id)).toEqual([ids.pub, ids.followers, ids.pub2]);
    const tokens = new Set(posts.map((p) => p?._viewGrant));
    expect(tokens.size).toBe(1); // one signature covers the batch
    const token = posts[0]?._viewGrant as string;
    expect(decodeProtectedHeader(token).typ).toBe("nova-grant+jwt");
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: "content-service", aud: "social-service", sub: follower.id });
    expect((claims.posts as string[]).sort()).toEqual([ids.pub, ids.followers, ids.pub2].sort());
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(30);
    expect([...(await coveredFor(token, follower.id))].sort()).toEqual(
      [ids.pub, ids.followers, ids.pub2].sort(),
    );
  });

  test("a long list is granted ten posts a grant, each post covered by the grant it carries", async () => {
    const many: string[] = [];
    for (let i = 0; i < 12; i++) many.push((await post(h, author, { text: `list ${i}` })).id);
    const posts = await grantsOf(many, stranger);
    const tokens = [...new Set(posts.map((p) => p?._viewGrant as string))];
    expect(tokens).toHaveLength(2);
    expect(tokens.map((t) => (decodeJwt(t).posts as string[]).length).sort()).toEqual([10, 2]);
    for (const p of posts) {
      expect((await coveredFor(p?._viewGrant as string, stranger.id)).has(p?.id as string)).toBe(true);
    }
  });

  test("a post the viewer may not see is in no grant (the stranger's grant names only the public ones)", async () => {
    const posts = await grantsOf([ids.pub, ids.followers], stranger);
    expect(posts[1]).toBeNull();
    const token = posts[0]?._viewGrant as string;
    expect(decodeJwt(token).posts).toEqual([ids.pub]);
    expect((await coveredFor(token, stranger.id)).has(ids.followers)).toBe(false);
  });

  test("anonymous callers get a grant for the anonymous viewer, useless for an account", async () => {
    const [p] = await grantsOf([ids.pub]);
    const token = p?._viewGrant as string;
    expect(decodeJwt(token).sub).toBe(ANONYMOUS_VIEWER);
    expect((await coveredFor(token, undefined)).has(ids.pub)).toBe(true);
    expect((await coveredFor(token, follower.id)).size).toBe(0);
  });

  test("the author's draft is shown to the author but granted to nobody (BatchGetPosts would not answer it)", async () => {
    const draft = await h.graphql(
      'mutation { createPost(input: { text: "not yet", draft: true }) { id status _viewGrant } }',
      {},
      author.token,
    );
    expect(draft.data?.createPost).toMatchObject({ status: "DRAFT", _viewGrant: null });
  });

  test("a block applies to the very next request: no post, no grant", async () => {
    h.world.block(author.id, follower.id);
    try {
      const posts = await grantsOf([ids.pub, ids.followers], follower);
      expect(posts).toEqual([null, null]);
    } finally {
      h.world.blocks.delete(`${author.id}>${follower.id}`);
    }
  });
});
