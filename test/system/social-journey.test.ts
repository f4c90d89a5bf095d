/**
 * The social core through the gateway, as a client drives it: identity, user, graph, content and
 * social services plus the gateway in one process on shifted ports, sharing one migrated PGlite and
 * the embedded event bus. Two users follow, post, like, comment, repost, bookmark, block (everything
 * disappears both ways), unblock, and go private (follow request, approval). Every service is
 * reached through a counting proxy, so the suite also checks that a page of posts costs a bounded
 * number of upstream calls whatever its size (batched delegation).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { service as content } from "@nova/content-service";
import type { DatabaseHandle } from "@nova/db";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { service as graph } from "@nova/graph-service";
import { service as gateway } from "@nova/graphql-gateway";
import { service as identity } from "@nova/identity-service";
import { type ServiceModule, type StartedService, startService } from "@nova/kit";
import { service as social } from "@nova/social-service";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { service as user } from "@nova/user-service";
import { checkFailModes, freeOffset, shiftedPorts, until, upstreamEnv } from "./harness.ts";

// Ports 28300..32713: below the kernel's ephemeral range (32768+), where an outgoing connection's
// local port could hold one of them, and clear of the other system suites' ranges.
const offset = freeOffset(20_300, 340);
const { port } = shiftedPorts(offset);
const gatewayUrl = `http://127.0.0.1:${port("graphql-gateway")}/graphql`;
const PASSWORD = "SecurePass123!";

// biome-ignore lint/suspicious/noExplicitAny: each module has its own config/context types
const MODULES: Record<string, ServiceModule<any, any>> = {
  "identity-service": identity,
  "user-service": user,
  "graph-service": graph,
  "content-service": content,
  "social-service": social,
};

/** Calls that reached each service through its proxy: `<service> <path>` and, for GraphQL, `<service> graphql <root fields>`. */
const calls = new Map<string, number>();
const count = (key: string) => calls.set(key, (calls.get(key) ?? 0) + 1);
const proxies: ReturnType<typeof Bun.serve>[] = [];

/**
 * A counting HTTP proxy in front of `target`: every peer (the gateway and the services' RPC
 * clients) reaches the service through it, so its counts are the service's upstream calls.
 */
function countingProxy(name: string, target: string) {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
      count(`${name} ${url.pathname}`);
      if (url.pathname === "/graphql" && body) {
        const text = new TextDecoder().decode(body);
        const roots = [...text.matchAll(/\b(_[A-Za-z]+)\s*\(/g)].map((m) => m[1]);
        for (const root of new Set(roots)) count(`${name} graphql ${root}`);
      }
      const headers = new Headers(req.headers);
      headers.delete("host");
      const res = await fetch(`${target}${url.pathname}${url.search}`, {
        method: req.method,
        headers,
        body,
        redirect: "manual",
      });
      const out = new Headers(res.headers);
      out.delete("content-encoding");
      out.delete("content-length");
      out.delete("transfer-encoding");
      return new Response(await res.arrayBuffer(), { status: res.status, headers: out });
    },
  });
  proxies.push(server);
  return `http://127.0.0.1:${server.port}`;
}

let db: DatabaseHandle;
let dataDir: string;
const started: StartedService[] = [];
let socialDirect: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "nova-social-journey-"));
  db = await createTestDatabase({ services: [...Object.keys(MODULES), EMBEDDED_BUS_MIGRATIONS] });
  const upstream = upstreamEnv((name) =>
    name in MODULES ? countingProxy(name, `http://127.0.0.1:${port(name)}`) : undefined,
  );
  socialDirect = `http://127.0.0.1:${port("social-service")}`;
  const env = (name: string) => ({
    ...upstream,
    HTTP_PORT: String(port(name)),
    LOG_LEVEL: "error",
    NOVA_DATA_DIR: dataDir,
    AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    // The batched-delegation suite has one author write 50 posts at once (over the default 30/min),
    // and every account here posts from 127.0.0.1 (the per-address limit).
    RATE_LIMIT_POSTS: "100/1m",
    RATE_LIMIT_POSTS_PER_IP: "1000/1m",
    GATEWAY_SUBSCHEMA_POLL_INTERVAL: "600000",
    ...checkFailModes(Object.keys(MODULES)),
  });
  const overrides = { db, log: silentLogger(), processMetrics: false };
  for (const [name, mod] of Object.entries(MODULES))
    started.push(await startService(mod, mod.loadConfig(env(name)), { overrides }));
  started.push(
    await startService(gateway, gateway.loadConfig(env("graphql-gateway")), {
      overrides: { log: silentLogger(), processMetrics: false },
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const s of started.reverse()) await s.stop({ timeoutMs: 1000 });
  for (const p of proxies) p.stop(true);
  await db?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are shaped by the query; the assertions check them
type Data = Record<string, any>;

interface GqlResult {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlResult> {
  const res = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult;
}

async function ok(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const r = await gql(query, variables, token);
  if (r.errors?.length) throw new Error(`${query}\n→ ${JSON.stringify(r.errors)}`);
  return r.data as Data;
}

/** The error code of a query that must fail. */
async function refused(query: string, variables: Record<string, unknown>, token: string) {
  const r = await gql(query, variables, token);
  expect(r.errors?.length ?? 0).toBeGreaterThan(0);
  return r.errors?.[0]?.extensions?.code;
}

interface Member {
  id: string;
  token: string;
  username: string;
}

/** Registers through the gateway and waits until the profile (from AccountCreated) is served. */
async function register(username: string): Promise<Member> {
  const reg = await ok(
    "mutation($i: RegisterInput!) { register(input: $i) { account { id } tokens { accessToken } } }",
    { i: { email: `${username}@example.com`, password: PASSWORD, username } },
  );
  const member = { id: reg.register.account.id, token: reg.register.tokens.accessToken, username };
  await until(
    "profile",
    async () => (await gql("{ me { id } }", {}, member.token)).data?.me?.id === member.id,
  );
  return member;
}

const POST_FIELDS = `id text visibility commentCount
  author { id username }
  counts { likes comments reposts quotes bookmarks }
  viewerState { liked reposted bookmarked }`;

const getPost = async (id: string, token: string) =>
  (await ok(`query($id: ID!) { post(id: $id) { ${POST_FIELDS} } }`, { id }, token)).post;

const postsOf = async (userId: string, token: string) =>
  (
    await ok(
      "query($id: ID!) { user(id: $id) { posts(first: 50) { nodes { id text } } } }",
      { id: userId },
      token,
    )
  ).user?.posts.nodes as { id: string; text: string }[];

const createPost = async (token: string, input: Record<string, unknown>) =>
  (
    await ok(
      `mutation($i: CreatePostInput!) { createPost(input: $i) { ${POST_FIELDS} mentions { id } } }`,
      { i: input },
      token,
    )
  ).createPost;

const REL = "id: $id) { following followedBy requested requestedBy blocking blockedBy }";

describe("social journey through the gateway", () => {
  let alice: Member;
  let bob: Member;
  let alicePost: string;
  let commentId: string;

  beforeAll(async () => {
    alice = await register("alice_journey");
    bob = await register("bob_journey");
  }, 30_000);

  test("follow: bob follows alice; counts and relationship on the merged User", async () => {
    const rel = await ok(`mutation($id: ID!) { follow(${REL} }`, { id: alice.id }, bob.token);
    expect(rel.follow).toMatchObject({ following: true, requested: false, blocking: false });
    const viewed = await ok(
      "query($id: ID!) { user(id: $id) { username followerCount followingCount relationship { following followedBy } followers(first: 10) { nodes { id username } } } }",
      { id: alice.id },
      bob.token,
    );
    expect(viewed.user).toEqual({
      username: "alice_journey",
      followerCount: 1,
      followingCount: 0,
      relationship: { following: true, followedBy: false },
      followers: { nodes: [{ id: bob.id, username: "bob_journey" }] },
    });
  }, 20_000);

  test("post → like → comment → repost → bookmark: counts and viewer state merged from social, author from user", async () => {
    const created = await createPost(alice.token, { text: "hello #nova from alice" });
    alicePost = created.id;
    expect(created).toMatchObject({
      text: "hello #nova from alice",
      author: { id: alice.id, username: "alice_journey" },
      counts: { likes: 0, comments: 0, reposts: 0, quotes: 0, bookmarks: 0 },
      viewerState: { liked: false, reposted: false, bookmarked: false },
    });
    // The follower sees it among alice's posts.
    expect((await postsOf(alice.id, bob.token)).map((p) => p.id)).toContain(alicePost);

    const liked = await ok(
      `mutation($p: ID!) { likePost(postId: $p) { ${POST_FIELDS} } }`,
      { p: alicePost },
      bob.token,
    );
    expect(liked.likePost.counts.likes).toBe(1);
    expect(liked.likePost.viewerState.liked).toBe(true);
    // Liking twice is one like.
    const again = await ok(
      "mutation($p: ID!) { likePost(postId: $p) { counts { likes } } }",
      { p: alicePost },
      bob.token,
    );
    expect(again.likePost.counts.likes).toBe(1);

    const comment = await ok(
      'mutation($p: ID!) { createComment(postId: $p, input: { text: "nice one" }) { id text author { username } } }',
      { p: alicePost },
      bob.token,
    );
    commentId = comment.createComment.id;
    expect(comment.createComment).toMatchObject({ text: "nice one", author: { username: "bob_journey" } });

    const reposted = await ok(
      "mutation($p: ID!) { repost(postId: $p) { counts { reposts } viewerState { reposted } } }",
      { p: alicePost },
      bob.token,
    );
    expect(reposted.repost).toEqual({ counts: { reposts: 1 }, viewerState: { reposted: true } });
    const bookmarked = await ok(
      "mutation($p: ID!) { bookmark(postId: $p) { counts { bookmarks } viewerState { bookmarked } } }",
      { p: alicePost },
      bob.token,
    );
    expect(bookmarked.bookmark).toEqual({ counts: { bookmarks: 1 }, viewerState: { bookmarked: true } });

    // The comment counter is social's projection of content's CommentCreated: eventually 1.
    const seenByBob = await until("comment counted", async () => {
      const p = await getPost(alicePost, bob.token);
      return p.counts.comments === 1 ? p : undefined;
    });
    expect(seenByBob).toMatchObject({
      commentCount: 1,
      author: { id: alice.id, username: "alice_journey" },
      counts: { likes: 1, comments: 1, reposts: 1, quotes: 0, bookmarks: 1 },
      viewerState: { liked: true, reposted: true, bookmarked: true },
    });
    // The author sees the same counts, and her own (empty) viewer state: bookmarks stay private.
    expect(await getPost(alicePost, alice.token)).toMatchObject({
      counts: { likes: 1, comments: 1, reposts: 1, bookmarks: 1 },
      viewerState: { liked: false, reposted: false, bookmarked: false },
    });
    const bookmarks = await ok(
      "{ myBookmarks(first: 10) { nodes { post { id author { username } } } } }",
      {},
      bob.token,
    );
    expect(bookmarks.myBookmarks.nodes).toEqual([
      { post: { id: alicePost, author: { username: "alice_journey" } } },
    ]);
    expect(
      (await ok("{ myBookmarks { nodes { post { id } } } }", {}, alice.token)).myBookmarks.nodes,
    ).toEqual([]);

    const comments = await ok(
      "query($id: ID!) { post(id: $id) { comments(first: 10) { nodes { id author { username } } } } }",
      { id: alicePost },
      alice.token,
    );
    expect(comments.post.comments.nodes).toEqual([{ id: commentId, author: { username: "bob_journey" } }]);
    // alice likes bob's comment (social knows the comment once content's CommentCreated is consumed).
    const commentLike = await until("comment like", async () => {
      const r = await gql(
        "mutation($c: ID!) { likeComment(commentId: $c) { commentId likes liked } }",
        { c: commentId },
        alice.token,
      );
      return r.data?.likeComment ?? undefined;
    });
    expect(commentLike).toEqual({ commentId, likes: 1, liked: true });
  }, 20_000);

  test("block: everything disappears both ways, and nothing new can connect them", async () => {
    const bobPost = (await createPost(bob.token, { text: "bob was here" })).id;
    await ok("mutation($p: ID!) { likePost(postId: $p) { id } }", { p: bobPost }, alice.token);
    // alice follows bob back, so the block has follows both ways to remove.
    await ok(`mutation($id: ID!) { follow(${REL} }`, { id: bob.id }, alice.token);

    const blocked = await ok(`mutation($id: ID!) { block(${REL} }`, { id: bob.id }, alice.token);
    expect(blocked.block).toMatchObject({ blocking: true, following: false, followedBy: false });

    // Follows are gone both ways.
    const aliceSeen = await ok(
      "query($id: ID!) { user(id: $id) { followerCount followingCount } }",
      { id: alice.id },
      alice.token,
    );
    expect(aliceSeen.user).toEqual({ followerCount: 0, followingCount: 0 });
    expect(
      (
        await ok(
          "query($ids: [ID!]!) { relationships(ids: $ids) { blockedBy following followedBy } }",
          { ids: [alice.id] },
          bob.token,
        )
      ).relationships,
    ).toEqual([{ blockedBy: true, following: false, followedBy: false }]);

    for (const [viewer, other, otherPost] of [
      [bob, alice, alicePost],
      [alice, bob, bobPost],
    ] as const) {
      // The other's posts: single post and the post list.
      expect(
        (await ok("query($id: ID!) { post(id: $id) { id } }", { id: otherPost }, viewer.token)).post,
      ).toBeNull();
      expect(await postsOf(other.id, viewer.token)).toEqual([]);
      // Follower and following lists of the other.
      const lists = await gql(
        "query($id: ID!) { user(id: $id) { followers { nodes { id } } } }",
        { id: other.id },
        viewer.token,
      );
      expect(lists.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|PERMISSION_DENIED/);
      // Cannot follow, like, comment, repost, quote.
      expect(await refused(`mutation($id: ID!) { follow(${REL} }`, { id: other.id }, viewer.token)).toMatch(
        /FORBIDDEN|PERMISSION_DENIED/,
      );
      for (const verb of ["likePost", "repost", "bookmark"])
        expect(
          await refused(`mutation($p: ID!) { ${verb}(postId: $p) { id } }`, { p: otherPost }, viewer.token),
        ).toBe("NOT_FOUND");
      expect(
        await refused(
          'mutation($p: ID!) { createComment(postId: $p, input: { text: "hi" }) { id } }',
          { p: otherPost },
          viewer.token,
        ),
      ).toBe("NOT_FOUND");
      expect(
        (
          await gql(
            `mutation($i: CreatePostInput!) { createPost(input: $i) { id } }`,
            { i: { text: "quoting", quoteOfPostId: otherPost } },
            viewer.token,
          )
        ).errors?.[0]?.extensions?.code,
      ).toBe("NOT_FOUND");
      // A mention of the other is dropped.
      const mentioning = await createPost(viewer.token, { text: `hey @${other.username}` });
      expect(mentioning.mentions).toEqual([]);
    }

    // bob's comment on alice's post is hidden from alice (her own post still shows).
    const aliceComments = await ok(
      "query($id: ID!) { post(id: $id) { comments { nodes { id } } } }",
      { id: alicePost },
      alice.token,
    );
    expect(aliceComments.post.comments.nodes).toEqual([]);
    // … nor can she like it (again) across the block: her unlike removes her like but tells her
    // nothing about the comment (NOT_FOUND, no count), then like is refused.
    expect(
      await refused(
        "mutation($c: ID!) { unlikeComment(commentId: $c) { likes } }",
        { c: commentId },
        alice.token,
      ),
    ).toBe("NOT_FOUND");
    expect(
      await refused(
        "mutation($c: ID!) { likeComment(commentId: $c) { likes } }",
        { c: commentId },
        alice.token,
      ),
    ).toBe("NOT_FOUND");
    // Who-liked lists (REST only: the subschema has no who-liked field) leave out the blocked liker.
    const likers = async (postId: string, token: string) => {
      const res = await fetch(`${socialDirect}/api/v1/posts/${postId}/likes`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: (await res.json()) as Data };
    };
    const aliceLikers = await likers(alicePost, alice.token);
    expect(aliceLikers.status).toBe(200);
    expect(JSON.stringify(aliceLikers.body)).not.toContain(bob.id);
    expect((await likers(alicePost, bob.token)).status).toBe(404);
    const bobLikers = await likers(bobPost, bob.token);
    expect(bobLikers.status).toBe(200);
    expect(JSON.stringify(bobLikers.body)).not.toContain(alice.id);
    expect((await likers(bobPost, alice.token)).status).toBe(404);
    // bob's bookmark of alice's post is behind the block now: left out of his list.
    expect((await ok("{ myBookmarks { nodes { post { id } } } }", {}, bob.token)).myBookmarks.nodes).toEqual(
      [],
    );
  }, 20_000);

  test("unblock: the posts come back, the follow does not, and following works again", async () => {
    const unblocked = await ok(`mutation($id: ID!) { unblock(${REL} }`, { id: bob.id }, alice.token);
    expect(unblocked.unblock).toMatchObject({ blocking: false, following: false, followedBy: false });
    expect((await getPost(alicePost, bob.token)).id).toBe(alicePost);
    expect((await postsOf(alice.id, bob.token)).map((p) => p.id)).toContain(alicePost);
    const rel = await ok(`mutation($id: ID!) { follow(${REL} }`, { id: alice.id }, bob.token);
    expect(rel.follow.following).toBe(true);
    expect((await ok("{ myBookmarks { nodes { post { id } } } }", {}, bob.token)).myBookmarks.nodes).toEqual([
      { post: { id: alicePost } },
    ]);
  }, 20_000);

  test("quotes are counted, mentioned-only posts reach only the mentioned, a deleted post leaves every list", async () => {
    const quote = await createPost(bob.token, { text: "quoting alice", quoteOfPostId: alicePost });
    await until("quote counted", async () => (await getPost(alicePost, alice.token)).counts.quotes === 1);

    const dave = await register("dave_journey");
    const whisper = await createPost(alice.token, { text: "psst @bob_journey", visibility: "MENTIONED" });
    expect(whisper.mentions).toEqual([{ id: bob.id }]);
    expect((await getPost(whisper.id, bob.token)).id).toBe(whisper.id);
    expect(
      (await ok("query($id: ID!) { post(id: $id) { id } }", { id: whisper.id }, dave.token)).post,
    ).toBeNull();

    // bob liked and bookmarked alice's first post; she deletes it.
    await ok("mutation($p: ID!) { deletePost(id: $p) }", { p: alicePost }, alice.token);
    expect(
      (await ok("query($id: ID!) { post(id: $id) { id } }", { id: alicePost }, bob.token)).post,
    ).toBeNull();
    expect((await postsOf(alice.id, bob.token)).map((p) => p.id)).not.toContain(alicePost);
    expect((await ok("{ myBookmarks { nodes { post { id } } } }", {}, bob.token)).myBookmarks.nodes).toEqual(
      [],
    );
    expect(
      await refused("mutation($p: ID!) { likePost(postId: $p) { id } }", { p: alicePost }, bob.token),
    ).toBe("NOT_FOUND");
    // The quote itself stays, bob's own post.
    expect((await getPost(quote.id, bob.token)).id).toBe(quote.id);
  }, 20_000);

  test("private account: a follow request, followers-only posts visible only after approval", async () => {
    const carol = await register("carol_journey");
    await ok(
      "mutation { updateSettings(input: { privateAccount: true }) { privateAccount } }",
      {},
      carol.token,
    );
    const secret = (await createPost(carol.token, { text: "for my followers", visibility: "FOLLOWERS" })).id;
    const open = (await createPost(carol.token, { text: "public, but my account is private" })).id;

    // graph-service learns of the private flag from user-service's ProfileUpdated.
    const requested = await until("follow becomes a request", async () => {
      const r = (await ok(`mutation($id: ID!) { follow(${REL} }`, { id: carol.id }, bob.token)).follow;
      if (r.requested) return r;
      await ok(`mutation($id: ID!) { unfollow(${REL} }`, { id: carol.id }, bob.token);
      return undefined;
    });
    expect(requested).toMatchObject({ following: false, requested: true });
    expect((await ok("query($id: ID!) { post(id: $id) { id } }", { id: secret }, bob.token)).post).toBeNull();
    expect((await ok("query($id: ID!) { post(id: $id) { id } }", { id: open }, bob.token)).post).toBeNull();
    expect(await postsOf(carol.id, bob.token)).toEqual([]);
    expect(await refused("mutation($p: ID!) { likePost(postId: $p) { id } }", { p: secret }, bob.token)).toBe(
      "NOT_FOUND",
    );
    const carolFollowers = `query($id: ID!) { user(id: $id) { followerCount followers { nodes { id } } } }`;
    expect((await gql(carolFollowers, { id: carol.id }, bob.token)).errors?.[0]?.extensions?.code).toMatch(
      /FORBIDDEN|PERMISSION_DENIED/,
    );

    const incoming = await ok(
      "{ followRequests(direction: INCOMING) { nodes { id username } } }",
      {},
      carol.token,
    );
    expect(incoming.followRequests.nodes).toEqual([{ id: bob.id, username: "bob_journey" }]);
    const approved = await ok(
      `mutation($id: ID!) { approveFollowRequest(${REL} }`,
      { id: bob.id },
      carol.token,
    );
    expect(approved.approveFollowRequest).toMatchObject({ followedBy: true, requestedBy: false });

    const seen = await getPost(secret, bob.token);
    expect(seen).toMatchObject({
      id: secret,
      visibility: "FOLLOWERS",
      author: { username: "carol_journey" },
    });
    expect((await postsOf(carol.id, bob.token)).map((p) => p.id).sort()).toEqual([secret, open].sort());
    const liked = await ok(
      "mutation($p: ID!) { likePost(postId: $p) { counts { likes } viewerState { liked } } }",
      { p: secret },
      bob.token,
    );
    expect(liked.likePost).toEqual({ counts: { likes: 1 }, viewerState: { liked: true } });
    expect((await ok(carolFollowers, { id: carol.id }, bob.token)).user).toEqual({
      followerCount: 1,
      followers: { nodes: [{ id: bob.id }] },
    });
    // Still hidden from a non-follower.
    expect(
      (await ok("query($id: ID!) { post(id: $id) { id } }", { id: secret }, alice.token)).post,
    ).toBeNull();
  }, 20_000);
});

describe("batched delegation", () => {
  let author: Member;
  let viewer: Member;

  beforeAll(async () => {
    author = await register("batch_author");
    viewer = await register("batch_viewer");
    await ok(`mutation($id: ID!) { follow(${REL} }`, { id: author.id }, viewer.token);
    for (let i = 0; i < 50; i++) await createPost(author.token, { text: `post number ${i}` });
  }, 60_000);

  /** Runs `query` as the viewer and counts the upstream calls it caused, per service and per merge field. */
  async function measured(query: string, variables: Record<string, unknown>) {
    calls.clear();
    const data = await ok(query, variables, viewer.token);
    const perService: Record<string, number> = {};
    for (const [key, value] of calls) {
      const [service, path, extra] = key.split(" ");
      if (service && path && extra === undefined) perService[service] = (perService[service] ?? 0) + value;
    }
    return { data, perService, detail: Object.fromEntries(calls) };
  }

  const expectFullPosts = (posts: Data[], n: number, viewerState: Data) => {
    expect(posts).toHaveLength(n);
    for (const p of posts) {
      expect(p.author).toEqual({ id: author.id, username: "batch_author" });
      expect(p.text).toStartWith("post number ");
      expect(p.viewerState).toEqual(viewerState);
    }
  };

  // The larger page calls the same services no more often (a cache warmed by the first read, e.g.
  // content's cached private flags, may make it cheaper), and never more than 3 times each.
  const expectBounded = (small: Data, large: Data) => {
    const smallCalls = small.perService as Record<string, number>;
    const largeCalls = large.perService as Record<string, number>;
    expect(Object.keys(largeCalls).sort()).toEqual(Object.keys(smallCalls).sort());
    for (const [service, n] of Object.entries(largeCalls)) {
      expect({ service, n: Math.min(n, smallCalls[service] ?? 0) }).toEqual({ service, n });
      expect({ service, n: Math.min(n, 3) }).toEqual({ service, n });
    }
  };

  test("a page of 50 posts with author, counts and viewer state costs the same few upstream calls as a page of 10", async () => {
    const page = (n: number) =>
      measured(
        `query($id: ID!, $n: Int!) { user(id: $id) { posts(first: $n) { nodes { ${POST_FIELDS} } } } }`,
        {
          id: author.id,
          n,
        },
      );
    const ten = await page(10);
    const fifty = await page(50);
    expectFullPosts(ten.data.user.posts.nodes, 10, { liked: false, reposted: false, bookmarked: false });
    expectFullPosts(fifty.data.user.posts.nodes, 50, { liked: false, reposted: false, bookmarked: false });
    expectBounded(ten, fifty);
    // Engagement and authors each come in one merge call for the whole page.
    expect(fifty.detail["social-service graphql _postsEngagement"]).toBe(1);
    expect(fifty.detail["user-service graphql _users"]).toBe(1);
    console.log("upstream calls for a page of 50 posts:", fifty.detail);
  }, 20_000);

  test("one post with author, counts and viewer state (bench social-core's query): one call per subschema, one visibility check", async () => {
    const [first] = (
      await ok(
        "query($id: ID!) { user(id: $id) { posts(first: 1) { nodes { id } } } }",
        { id: author.id },
        viewer.token,
      )
    ).user.posts.nodes as Data[];
    const { data, detail } = await measured(
      `query($id: ID!) { post(id: $id) { id text author { id username displayName }
        counts { likes comments reposts quotes bookmarks } viewerState { liked reposted bookmarked } } }`,
      { id: first?.id },
    );
    expect(data.post.author.username).toBe("batch_author");
    // Exactly these calls, nothing repeated: content once for the post (and its visibility grant),
    // social once for counts AND viewer state (one merge call), user once for the author; content
    // asks graph once. Social does not ask content again: the grant says the viewer may see it.
    expect(detail).toEqual({
      "content-service /graphql": 1,
      "social-service /graphql": 1,
      "social-service graphql _postsEngagement": 1,
      "user-service /graphql": 1,
      "user-service graphql _users": 1,
      "graph-service /nova.graph.v1.GraphService/BatchCheckRelationships": 1,
    });
  }, 20_000);

  test("content's visibility grant is per request: a block applies to the very next read; REST still asks content", async () => {
    const owner = await register("grant_owner");
    await ok(`mutation($id: ID!) { follow(${REL} }`, { id: owner.id }, viewer.token);
    const id = (await createPost(owner.token, { text: "followers only", visibility: "FOLLOWERS" })).id;
    await ok("mutation($p: ID!) { likePost(postId: $p) { id } }", { p: id }, viewer.token);
    const read = () =>
      measured("query($id: ID!) { post(id: $id) { id counts { likes } viewerState { liked } } }", { id });
    const seen = await read();
    expect(seen.data.post).toEqual({ id, counts: { likes: 1 }, viewerState: { liked: true } });
    expect(seen.detail["content-service /nova.content.v1.ContentService/BatchGetPosts"]).toBeUndefined();
    await ok(`mutation($id: ID!) { block(${REL} }`, { id: viewer.id }, owner.token);
    expect((await read()).data.post).toBeNull();
    // REST engagement carries no grant: social asks content, which now says no.
    calls.clear();
    const res = await fetch(`${socialDirect}/api/v1/posts/${id}/engagement`, {
      headers: { authorization: `Bearer ${viewer.token}` },
    });
    expect(((await res.json()) as Data).counts.likes).toBe(0);
    expect(calls.get("content-service /nova.content.v1.ContentService/BatchGetPosts")).toBe(1);
  }, 30_000);

  test("Relay connections through the gateway: edges with cursors and pageInfo, paging on after any edge", async () => {
    const PAGE = `query($id: ID!, $first: Int, $after: String) { user(id: $id) { posts(first: $first, after: $after) {
      nodes { id } nextCursor edges { cursor node { id author { username } } } pageInfo { hasNextPage endCursor } } } }`;
    const first = (await ok(PAGE, { id: author.id, first: 5 }, viewer.token)).user.posts;
    expect(first.edges.map((e: Data) => e.node.id)).toEqual(first.nodes.map((n: Data) => n.id));
    expect(first.edges[0].node.author.username).toBe("batch_author");
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.nextCursor });
    const afterSecond = (
      await ok(PAGE, { id: author.id, first: 3, after: first.edges[1].cursor }, viewer.token)
    ).user.posts;
    expect(afterSecond.nodes.map((n: Data) => n.id)).toEqual(first.nodes.slice(2, 5).map((n: Data) => n.id));
    // graph's own edges (since) gain a cursor too.
    const followers = (
      await ok(
        "query($id: ID!) { user(id: $id) { followers(first: 5) { edges { cursor since node { id } } pageInfo { hasNextPage } } } }",
        { id: author.id },
        viewer.token,
      )
    ).user.followers;
    expect(followers.edges.map((e: Data) => e.node.id)).toContain(viewer.id);
    expect(typeof followers.edges[0].cursor).toBe("string");
  }, 20_000);

  test("50 bookmarks (social) completed with content's posts and user's authors cost as few calls as 10", async () => {
    const ids = (
      await ok(
        "query($id: ID!) { user(id: $id) { posts(first: 50) { nodes { id } } } }",
        { id: author.id },
        viewer.token,
      )
    ).user.posts.nodes.map((p: Data) => p.id as string);
    for (const id of ids)
      await ok("mutation($p: ID!) { bookmark(postId: $p) { id } }", { p: id }, viewer.token);
    const page = (n: number) =>
      measured(
        `query($n: Int!) { myBookmarks(first: $n) { nodes { bookmarkedAt post { ${POST_FIELDS} } } } }`,
        { n },
      );
    const ten = await page(10);
    const fifty = await page(50);
    const posts = (d: Data) => d.myBookmarks.nodes.map((b: Data) => b.post);
    expectFullPosts(posts(ten.data), 10, { liked: false, reposted: false, bookmarked: true });
    expectFullPosts(posts(fifty.data), 50, { liked: false, reposted: false, bookmarked: true });
    expectBounded(ten, fifty);
    expect(fifty.detail["content-service graphql _posts"]).toBe(1);
    expect(fifty.detail["user-service graphql _users"]).toBe(1);
    console.log("upstream calls for 50 bookmarks:", fifty.detail);
  }, 20_000);
});
