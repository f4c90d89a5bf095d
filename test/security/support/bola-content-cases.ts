/**
 * BOLA cases on content: posts and drafts, comments, likes, bookmarks and reposts (REST, GraphQL,
 * Connect), made as bob against alice's private objects.
 */

import { type BolaCase, check, gqlAsBob, REFUSED, rpc } from "./bola-kit.ts";
import { as } from "./members.ts";
import { callConnect } from "./rpcs.ts";
import { url } from "./system.ts";
import { graphqlBlind, graphqlRefused, leaksNone, refusedOrBlind, statusIn } from "./verdicts.ts";
import type { World } from "./world.ts";

/** The content rows of the matrix. */
export function contentCases(w: World): BolaCase[] {
  const gql = gqlAsBob(w);
  const c = (p: string) => url("content-service", p);
  const s = (p: string) => url("social-service", p);
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
  ];
}
