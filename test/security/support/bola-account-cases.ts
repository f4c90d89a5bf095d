/**
 * BOLA cases on accounts: follow lists of a private account, follow requests, blocks and mutes,
 * profile, settings, sessions, export, timelines and features (REST, GraphQL, Connect, gRPC),
 * made as bob against alice's and pat's private things.
 */

import { type BolaCase, check, gqlAsBob, REFUSED, rpc } from "./bola-kit.ts";
import { as } from "./members.ts";
import { AUTH_REFUSALS, callConnect, callGrpc } from "./rpcs.ts";
import { url } from "./system.ts";
import { graphqlBlind, graphqlRefused, leaksNone, refusedOrBlind, statusIn } from "./verdicts.ts";
import type { World } from "./world.ts";

/** The account rows of the matrix. */
export function accountCases(w: World): BolaCase[] {
  const gql = gqlAsBob(w);
  const g = (p: string) => url("graph-service", p);
  const u = (p: string) => url("user-service", p);
  const secrets = [w.secretText, w.draftText];
  return [
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
          // bob's own signals may name alice (his visits to her profile); her secrets may not appear.
          leaksNone(r, [w.alice.email, w.aliceSession, w.birthday, ...secrets]),
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
