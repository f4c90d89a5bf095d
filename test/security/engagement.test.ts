/**
 * Family 10 — engagement of a post the caller may not see: bob, who does not follow alice, likes,
 * unlikes, bookmarks, reposts and lists likes of her followers-only post (and likes a comment
 * under it) over REST, GraphQL and Connect. Held: 404 / NOT_FOUND, and no counts or viewer state.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { attack, breaches, inBatches } from "./support/attack.ts";
import { jsonOf } from "./support/http-client.ts";
import { as } from "./support/members.ts";
import { allRpcs, callConnect } from "./support/rpcs.ts";
import { system, url } from "./support/system.ts";
import { graphqlRefused, statusIn } from "./support/verdicts.ts";
import { type World, world } from "./support/world.ts";

const FAMILY = "engagement visibility";
let w: World;

beforeAll(async () => {
  await system();
  w = await world();
}, 240_000);

describe("no engagement with posts the caller may not see", () => {
  test("REST, GraphQL and Connect answer not found, without counts", async () => {
    const post = w.followersPost;
    const social = (p: string) => url("social-service", p);
    const rest: [string, string][] = [
      ["PUT", `/api/v1/posts/${post}/like`],
      ["DELETE", `/api/v1/posts/${post}/like`],
      ["PUT", `/api/v1/posts/${post}/bookmark`],
      ["DELETE", `/api/v1/posts/${post}/bookmark`],
      ["POST", `/api/v1/posts/${post}/repost`],
      ["DELETE", `/api/v1/posts/${post}/repost`],
      ["GET", `/api/v1/posts/${post}/likes`],
      ["PUT", `/api/v1/comments/${w.secretComment}/like`],
      ["DELETE", `/api/v1/comments/${w.secretComment}/like`],
    ];
    const jobs = [
      ...rest.map(
        ([method, path]) =>
          () =>
            attack(
              FAMILY,
              `REST ${method} ${path.replace(post, "{followers-only}").replace(w.secretComment, "{comment}")}`,
              async () => {
                const r = await as(w.bob, method, social(path));
                const v = statusIn(r, [404]);
                return r.text.includes('"counts"') || r.text.includes('"likes":')
                  ? { held: false, why: `counts leaked: ${v.why}` }
                  : v;
              },
            ),
      ),
      ...["likePost", "unlikePost", "bookmark", "unbookmark", "repost", "unrepost"].map(
        (field) => () =>
          attack(FAMILY, `GraphQL ${field} on the followers-only post`, async () =>
            graphqlRefused(
              await as(w.bob, "POST", url("graphql-gateway", "/graphql"), {
                query: `mutation($id: ID!) { ${field}(postId: $id) { __typename } }`,
                variables: { id: post },
              }),
              ["NOT_FOUND"],
              [post],
              [404],
            ),
          ),
      ),
      () =>
        attack(FAMILY, "Connect BatchGetEngagement for the followers-only post (bob as viewer)", async () => {
          const rpc = allRpcs().find((r) => r.path === "nova.social.v1.SocialService/BatchGetEngagement");
          if (!rpc) throw new Error("BatchGetEngagement is gone");
          const r = await callConnect(
            rpc,
            { viewerId: w.bob.id, postIds: [post] },
            { token: w.bob.token, from: w.bob.ip },
          );
          if (r.status !== 200) return statusIn(r, [401, 403, 404]);
          // An entry may stand in for the post (request order), but with no counts and no viewer state.
          const body = jsonOf<{ engagements?: { postId: string; counts?: object; viewerState?: object }[] }>(
            r,
          );
          const entry = body?.engagements?.find((e) => e.postId === post);
          const empty = (o?: object) => !o || Object.values(o).every((v) => !v || v === "0");
          return {
            held: !entry || (empty(entry.counts) && empty(entry.viewerState)),
            why: `HTTP 200 ${r.text.slice(0, 160)}`,
          };
        }),
    ];
    expect(breaches(await inBatches(jobs, 4))).toEqual([]);
  }, 60_000);
});
