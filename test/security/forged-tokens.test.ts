/**
 * Family 14 — authentication attacks on every service's REST and GraphQL doors and the gateway:
 * alg=none, HS256 keyed with the public key, foreign keys, expired, wrong issuer/audience/type,
 * and a real signature over swapped claims — and on an RPC that acts for the token's subject.
 * Held: 401 (REST, Connect), UNAUTHENTICATED (GraphQL, gRPC).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { attack, breaches, inBatches } from "./support/attack.ts";
import { forgedTokens } from "./support/forged-tokens.ts";
import { send } from "./support/http-client.ts";
import { allRpcs, callConnect, callGrpc } from "./support/rpcs.ts";
import { signingKeyPem, system, url } from "./support/system.ts";
import { graphqlRefused, statusIn } from "./support/verdicts.ts";
import { type World, world } from "./support/world.ts";

const FAMILY = "forged tokens";

/** A route of each service that needs a signed-in member. */
const REST: [string, string][] = [
  ["identity-service", "/api/v1/accounts/me"],
  ["user-service", "/api/v1/users/me"],
  ["content-service", "/api/v1/users/me/drafts"],
  ["social-service", "/api/v1/users/me/bookmarks"],
  ["graph-service", "/api/v1/users/me/blocks"],
  ["feed-service", "/api/v1/feed/home"],
];

/** A query of each GraphQL door that needs a signed-in member. */
const GRAPHQL: [string, string][] = [
  ["graphql-gateway", "{ me { id } }"],
  ["identity-service", "{ myAccount { id email } }"],
  ["user-service", "{ me { id } }"],
  ["content-service", "{ myDrafts { id } }"],
  ["social-service", "{ myBookmarks { __typename } }"],
  ["graph-service", "{ blockedUsers { __typename } }"],
  ["feed-service", "{ homeTimeline { __typename } }"],
];

let w: World;
let tokens: Record<string, string>;

beforeAll(async () => {
  const sys = await system();
  w = await world();
  tokens = forgedTokens(w.alice.token, signingKeyPem(sys));
}, 240_000);

describe("forged and stale access tokens", () => {
  test("every REST door answers 401", async () => {
    const jobs = Object.entries(tokens).flatMap(([kind, token]) =>
      REST.map(
        ([service, path]) =>
          () =>
            attack(FAMILY, `${kind} → ${service} GET ${path}`, async () =>
              statusIn(await send(url(service, path), { token, from: w.bob.ip }), [401]),
            ),
      ),
    );
    expect(breaches(await inBatches(jobs, 6))).toEqual([]);
  }, 120_000);

  test("every GraphQL door answers UNAUTHENTICATED with no data", async () => {
    const jobs = Object.entries(tokens).flatMap(([kind, token]) =>
      GRAPHQL.map(
        ([service, query]) =>
          () =>
            attack(FAMILY, `${kind} → ${service} /graphql ${query}`, async () =>
              graphqlRefused(
                await send(url(service, "/graphql"), { token, from: w.bob.ip, json: { query } }),
                ["UNAUTHENTICATED"],
                [w.alice.id, w.alice.email],
              ),
            ),
      ),
    );
    expect(breaches(await inBatches(jobs, 6))).toEqual([]);
  }, 120_000);

  test("an RPC that acts for the token's subject answers unauthenticated (Connect and gRPC)", async () => {
    const rpc = allRpcs().find((r) => r.path === "nova.social.v1.SocialService/BatchGetEngagement");
    if (!rpc) throw new Error("BatchGetEngagement is gone from the descriptors");
    const body = { viewerId: w.alice.id, postIds: [w.publicPost] };
    const jobs = Object.entries(tokens).flatMap(([kind, token]) => [
      () =>
        attack(FAMILY, `${kind} → ${rpc.path} via Connect`, async () =>
          statusIn(await callConnect(rpc, body, { token, from: w.bob.ip }), [401]),
        ),
      () =>
        attack(FAMILY, `${kind} → ${rpc.path} via gRPC`, async () => {
          const out = await callGrpc(rpc, body, { token });
          return {
            held: out.code === "Unauthenticated",
            why: `gRPC ${out.code} ${out.message} ${out.response ?? ""}`,
          };
        }),
    ]);
    expect(breaches(await inBatches(jobs, 6))).toEqual([]);
  }, 60_000);
});
