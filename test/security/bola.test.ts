/**
 * Family 13 — the BOLA matrix: bob acts on alice's (and private pat's) objects through every
 * door — REST, GraphQL (gateway) and Connect — for every resource type: post, draft, comment,
 * like, bookmark, repost, follow lists, follow request, block/mute, profile, settings, sessions,
 * account export, timelines and features. Held: refused (403/404, FORBIDDEN/NOT_FOUND) or
 * answered without the private thing; a write must leave the object as it was.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { type Attempt, attack, breaches, inBatches, type Verdict } from "./support/attack.ts";
import type { Reply } from "./support/http-client.ts";
import { as } from "./support/members.ts";
import { AUTH_REFUSALS, allRpcs, callConnect, callGrpc } from "./support/rpcs.ts";
import { system, url } from "./support/system.ts";
import { graphqlBlind, graphqlRefused, leaksNone, refusedOrBlind, statusIn } from "./support/verdicts.ts";
import { type World, world } from "./support/world.ts";

const FAMILY = "BOLA matrix";
const REFUSED = ["FORBIDDEN", "PERMISSION_DENIED", "NOT_FOUND", "UNAUTHENTICATED"];
let w: World;

beforeAll(async () => {
  await system();
  w = await world();
}, 240_000);

type Case = [resource: string, door: string, run: () => Promise<Verdict>];

const gql = (query: string, variables: Record<string, unknown> = {}) =>
  as(w.bob, "POST", url("graphql-gateway", "/graphql"), { query, variables });
const rpc = (path: string) => {
  const found = allRpcs().find((r) => r.path === path);
  if (!found) throw new Error(`${path} is gone from the descriptors`);
  return found;
};
const check = async (reply: Promise<Reply>, verdict: (r: Reply) => Verdict) => verdict(await reply);

function cases(): Case[] {
  const c = (p: string) => url("content-service", p);
  const s = (p: string) => url("social-service", p);
  const g = (p: string) => url("graph-service", p);
  const u = (p: string) => url("user-service", p);
  const secrets = [w.secretText, w.draftText];
  const hushTag = w.secretText.match(/#(\w+)/)?.[1] ?? "hush";
  return [
    // post and draft
    [
      "post",
      "REST GET followers-only post",
      () =>
        check(as(w.bob, "GET", c(`/api/v1/posts/${w.followersPost}`)), (r) =>
          refusedOrBlind(r, [403, 404], secrets),
        ),
    ],
    [
      "post",
      "REST GET draft",
      () =>
        check(as(w.bob, "GET", c(`/api/v1/posts/${w.draftPost}`)), (r) =>
          refusedOrBlind(r, [403, 404], secrets),
        ),
    ],
    [
      "post",
      "REST GET history of followers-only post",
      () =>
        check(as(w.bob, "GET", c(`/api/v1/posts/${w.followersPost}/history`)), (r) =>
          refusedOrBlind(r, [403, 404], secrets),
        ),
    ],
    [
      "post",
      "REST PATCH alice's post",
      () =>
        check(as(w.bob, "PATCH", c(`/api/v1/posts/${w.publicPost}`), { text: "pwned" }), (r) =>
          statusIn(r, [403, 404]),
        ),
    ],
    [
      "post",
      "REST DELETE alice's post",
      () => check(as(w.bob, "DELETE", c(`/api/v1/posts/${w.publicPost}`)), (r) => statusIn(r, [403, 404])),
    ],
    [
      "post",
      "REST GET alice's posts list",
      () => check(as(w.bob, "GET", c(`/api/v1/users/${w.alice.id}/posts`)), (r) => leaksNone(r, secrets)),
    ],
    [
      "post",
      "REST GET hashtag of the followers-only post",
      () => check(as(w.bob, "GET", c(`/api/v1/hashtags/${hushTag}/posts`)), (r) => leaksNone(r, secrets)),
    ],
    [
      "post",
      "GraphQL post(id) followers-only",
      () =>
        check(gql("query($id: ID!) { post(id: $id) { text } }", { id: w.followersPost }), (r) =>
          graphqlBlind(r, secrets),
        ),
    ],
    [
      "post",
      "GraphQL post(id) draft",
      () =>
        check(gql("query($id: ID!) { post(id: $id) { text } }", { id: w.draftPost }), (r) =>
          graphqlBlind(r, secrets),
        ),
    ],
    [
      "post",
      "GraphQL user.posts",
      () =>
        check(
          gql("query($id: ID) { user(id: $id) { posts(first: 50) { nodes { text } } } }", { id: w.alice.id }),
          (r) => graphqlBlind(r, secrets),
        ),
    ],
    [
      "post",
      "GraphQL editPost",
      () =>
        check(
          gql('mutation($id: ID!) { editPost(id: $id, input: { text: "pwned" }) { id } }', {
            id: w.publicPost,
          }),
          (r) => graphqlRefused(r, REFUSED, ["pwned"]),
        ),
    ],
    [
      "post",
      "GraphQL deletePost",
      () =>
        check(gql("mutation($id: ID!) { deletePost(id: $id) }", { id: w.publicPost }), (r) =>
          graphqlRefused(r, REFUSED),
        ),
    ],
    [
      "post",
      "Connect GetPost (bob's token)",
      () =>
        check(
          callConnect(
            rpc("nova.content.v1.ContentService/GetPost"),
            { postId: w.followersPost },
            { token: w.bob.token, from: w.bob.ip },
          ),
          (r) => refusedOrBlind(r, [401, 403, 404], secrets),
        ),
    ],
    [
      "post",
      "Connect BatchGetPosts draft (bob's token)",
      () =>
        check(
          callConnect(
            rpc("nova.content.v1.ContentService/BatchGetPosts"),
            { postIds: [w.draftPost] },
            { token: w.bob.token, from: w.bob.ip },
          ),
          (r) => refusedOrBlind(r, [401, 403, 404], secrets),
        ),
    ],
    // comment
    [
      "comment",
      "REST DELETE alice's comment",
      () =>
        check(as(w.bob, "DELETE", c(`/api/v1/comments/${w.aliceComment}`)), (r) => statusIn(r, [403, 404])),
    ],
    [
      "comment",
      "REST GET comments of followers-only post",
      () =>
        check(as(w.bob, "GET", c(`/api/v1/posts/${w.followersPost}/comments`)), (r) =>
          refusedOrBlind(r, [403, 404], ["only followers read this"]),
        ),
    ],
    [
      "comment",
      "REST POST comment on followers-only post",
      () =>
        check(as(w.bob, "POST", c(`/api/v1/posts/${w.followersPost}/comments`), { text: "hi" }), (r) =>
          statusIn(r, [403, 404]),
        ),
    ],
    [
      "comment",
      "GraphQL deleteComment",
      () =>
        check(gql("mutation($id: ID!) { deleteComment(id: $id) }", { id: w.aliceComment }), (r) =>
          graphqlRefused(r, REFUSED),
        ),
    ],
    [
      "comment",
      "GraphQL createComment on followers-only post",
      () =>
        check(
          gql('mutation($id: ID!) { createComment(postId: $id, input: { text: "hi" }) { id } }', {
            id: w.followersPost,
          }),
          (r) => graphqlRefused(r, REFUSED),
        ),
    ],
    // like, bookmark, repost
    [
      "like",
      "REST GET likes of followers-only post",
      () =>
        check(as(w.bob, "GET", s(`/api/v1/posts/${w.followersPost}/likes`)), (r) => statusIn(r, [403, 404])),
    ],
    [
      "like",
      "GraphQL likePost followers-only",
      () =>
        check(gql("mutation($id: ID!) { likePost(postId: $id) { id } }", { id: w.followersPost }), (r) =>
          graphqlRefused(r, REFUSED),
        ),
    ],
    [
      "bookmark",
      "REST GET alice's bookmarks",
      () =>
        check(as(w.bob, "GET", s(`/api/v1/users/${w.alice.id}/bookmarks`)), (r) => statusIn(r, [403, 404])),
    ],
    [
      "bookmark",
      "Connect BatchGetEngagement as alice (viewer state)",
      () =>
        check(
          callConnect(
            rpc("nova.social.v1.SocialService/BatchGetEngagement"),
            { viewerId: w.alice.id, postIds: [w.publicPost] },
            { token: w.bob.token, from: w.bob.ip },
          ),
          (r) => statusIn(r, [401, 403]),
        ),
    ],
    [
      "repost",
      "REST POST repost of followers-only post",
      () =>
        check(as(w.bob, "POST", s(`/api/v1/posts/${w.followersPost}/repost`)), (r) =>
          statusIn(r, [403, 404]),
        ),
    ],
    [
      "repost",
      "GraphQL repost followers-only",
      () =>
        check(gql("mutation($id: ID!) { repost(postId: $id) { id } }", { id: w.followersPost }), (r) =>
          graphqlRefused(r, REFUSED),
        ),
    ],
    // follow lists of a private account
    [
      "follow",
      "REST GET pat's following",
      () =>
        check(as(w.bob, "GET", g(`/api/v1/users/${w.pat.id}/following`)), (r) =>
          refusedOrBlind(r, [403, 404], [w.alice.id]),
        ),
    ],
    [
      "follow",
      "REST GET pat's followers",
      () =>
        check(as(w.bob, "GET", g(`/api/v1/users/${w.pat.id}/followers`)), (r) =>
          refusedOrBlind(r, [403, 404], [w.dave.id]),
        ),
    ],
    [
      "follow",
      "REST GET pat's mutuals",
      () =>
        check(as(w.bob, "GET", g(`/api/v1/users/${w.pat.id}/mutuals`)), (r) =>
          refusedOrBlind(r, [403, 404], [w.dave.id, w.alice.id]),
        ),
    ],
    [
      "follow",
      "GraphQL user.following / followers of pat",
      () =>
        check(
          gql(
            "query($id: ID) { user(id: $id) { following(first: 50) { nodes { id } } followers(first: 50) { nodes { id } } } }",
            { id: w.pat.id },
          ),
          (r) => graphqlBlind(r, [w.alice.id, w.dave.id]),
        ),
    ],
    [
      "follow",
      "Connect ListFollowing of pat (bob's token)",
      () =>
        check(
          callConnect(
            rpc("nova.graph.v1.GraphService/ListFollowing"),
            { accountId: w.pat.id, pageSize: 50 },
            { token: w.bob.token, from: w.bob.ip },
          ),
          (r) => refusedOrBlind(r, [401, 403, 404], [w.alice.id]),
        ),
    ],
    // follow request
    [
      "follow request",
      "REST approve carol's request to pat",
      () =>
        check(as(w.bob, "POST", g(`/api/v1/users/me/follow-requests/${w.carol.id}/approve`)), (r) =>
          statusIn(r, [403, 404]),
        ),
    ],
    [
      "follow request",
      "REST deny carol's request to pat",
      () =>
        check(as(w.bob, "POST", g(`/api/v1/users/me/follow-requests/${w.carol.id}/deny`)), (r) =>
          statusIn(r, [403, 404]),
        ),
    ],
    [
      "follow request",
      "GraphQL approveFollowRequest",
      () =>
        check(
          gql("mutation($id: ID!) { approveFollowRequest(id: $id) { following } }", { id: w.carol.id }),
          (r) => graphqlRefused(r, REFUSED),
        ),
    ],
    [
      "follow request",
      "GraphQL followRequests (incoming) holds no one else's",
      () =>
        check(gql("{ followRequests(direction: INCOMING) { nodes { id } } }"), (r) =>
          graphqlBlind(r, [w.carol.id]),
        ),
    ],
    // block and mute
    [
      "block",
      "GraphQL user(alice).relationship is bob's, not alice's",
      () =>
        check(
          gql("query($id: ID) { user(id: $id) { relationship { blocking muting } } }", { id: w.eve.id }),
          (r) => graphqlBlind(r, [/"blocking":true/, /"muting":true/]),
        ),
    ],
    [
      "block",
      "Connect ListBlockedAndMuted of alice (bob's token)",
      () =>
        check(
          callConnect(
            rpc("nova.graph.v1.GraphService/ListBlockedAndMuted"),
            { accountId: w.alice.id },
            { token: w.bob.token, from: w.bob.ip },
          ),
          (r) => statusIn(r, [401, 403]),
        ),
    ],
    [
      "mute",
      "gRPC BatchCheckRelationships as alice (bob's token)",
      async () => {
        const out = await callGrpc(
          rpc("nova.graph.v1.GraphService/BatchCheckRelationships"),
          { viewerId: w.alice.id, targetIds: [w.frank.id] },
          { token: w.bob.token },
        );
        return {
          held: AUTH_REFUSALS.includes(out.code),
          why: `gRPC ${out.code} ${out.response ?? out.message}`,
        };
      },
    ],
    // profile and settings
    [
      "profile",
      "REST GET alice's profile (only-me birthday)",
      () => check(as(w.bob, "GET", u(`/api/v1/users/${w.alice.id}`)), (r) => leaksNone(r, [w.birthday])),
    ],
    [
      "profile",
      "REST GET alice by username (only-me birthday)",
      () =>
        check(as(w.bob, "GET", u(`/api/v1/users/by-username/${w.alice.username}`)), (r) =>
          leaksNone(r, [w.birthday]),
        ),
    ],
    [
      "profile",
      "GraphQL user.birthday",
      () =>
        check(gql("query($id: ID) { user(id: $id) { birthday } }", { id: w.alice.id }), (r) =>
          graphqlBlind(r, [w.birthday]),
        ),
    ],
    [
      "profile",
      "Connect BatchGetProfiles (bob's token)",
      () =>
        check(
          callConnect(
            rpc("nova.user.v1.UserService/BatchGetProfiles"),
            { ids: [w.alice.id] },
            { token: w.bob.token, from: w.bob.ip },
          ),
          (r) => refusedOrBlind(r, [401, 403], [w.birthday]),
        ),
    ],
    [
      "settings",
      "GraphQL user.settings",
      () =>
        check(
          gql(
            "query($id: ID) { user(id: $id) { settings { privateAccount discoverableByEmail language } } }",
            { id: w.pat.id },
          ),
          (r) => graphqlBlind(r, [/"settings":\{/]),
        ),
    ],
    // account and sessions
    [
      "sessions",
      "GraphQL user.account (email, sessions)",
      () =>
        check(
          gql("query($id: ID) { user(id: $id) { account { email sessions { id } } } }", { id: w.alice.id }),
          (r) => graphqlBlind(r, [w.alice.email, w.aliceSession]),
        ),
    ],
    [
      "sessions",
      "GraphQL revokeSession of alice's session",
      () =>
        check(gql("mutation($id: ID!) { revokeSession(id: $id) }", { id: w.aliceSession }), (r) =>
          graphqlRefused(r, REFUSED),
        ),
    ],
    [
      "sessions",
      "REST DELETE alice's session (and her token still works)",
      async () => {
        const r = await as(
          w.bob,
          "DELETE",
          url("identity-service", `/api/v1/auth/sessions/${w.aliceSession}`),
        );
        const still = await as(w.alice, "GET", url("identity-service", "/api/v1/accounts/me"));
        const v = statusIn(r, [403, 404]);
        return still.status === 200
          ? v
          : { held: false, why: `alice's session was revoked (her token → ${still.status}); ${v.why}` };
      },
    ],
    // export
    [
      "export job",
      "Connect ExportAccountData of alice (bob's token)",
      () =>
        check(
          callConnect(
            rpc("nova.user.v1.UserService/ExportAccountData"),
            { accountId: w.alice.id },
            { token: w.bob.token, from: w.bob.ip },
          ),
          (r) => statusIn(r, [401, 403]),
        ),
    ],
    [
      "export job",
      "REST GET export is the caller's own",
      () =>
        check(as(w.bob, "GET", url("identity-service", "/api/v1/account/export")), (r) =>
          leaksNone(r, [w.alice.id, w.alice.email]),
        ),
    ],
    // timelines
    [
      "feed timeline",
      "REST GET alice's timeline",
      () =>
        check(as(w.bob, "GET", url("feed-service", `/api/v1/users/${w.alice.id}/timeline`)), (r) =>
          leaksNone(r, secrets),
        ),
    ],
    [
      "feed timeline",
      "REST GET bob's home holds no followers-only post",
      () => check(as(w.bob, "GET", url("feed-service", "/api/v1/feed/home")), (r) => leaksNone(r, secrets)),
    ],
    [
      "feed timeline",
      "GraphQL user.timeline",
      () =>
        check(
          gql("query($id: ID) { user(id: $id) { timeline(first: 50) { nodes { text } } } }", {
            id: w.alice.id,
          }),
          (r) => graphqlBlind(r, secrets),
        ),
    ],
    [
      "feed timeline",
      "GraphQL explore holds no followers-only post",
      () => check(gql("{ explore(first: 50) { nodes { text } } }"), (r) => graphqlBlind(r, secrets)),
    ],
    // features
    [
      "features",
      "Connect GetFeatures of alice (bob's token)",
      () =>
        check(
          callConnect(
            rpc("nova.feature_store.v1.FeatureStoreService/GetFeatures"),
            { entityType: "ENTITY_TYPE_USER", entityIds: [w.alice.id], featureNames: ["hashtag_interests"] },
            { token: w.bob.token, from: w.bob.ip },
          ),
          (r) => statusIn(r, [401, 403]),
        ),
    ],
  ];
}

describe("bob cannot act on alice's objects through any door", () => {
  test("every resource type × REST, GraphQL and Connect", async () => {
    const jobs = cases().map(
      ([resource, door, run]) =>
        () =>
          attack(FAMILY, `${resource}: ${door}`, run),
    );
    const results: Attempt[] = await inBatches(jobs, 4);
    expect(breaches(results)).toEqual([]);
  }, 120_000);
});
