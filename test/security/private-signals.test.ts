/**
 * Family 2 — private signals: feature-store's user×author affinity (profile visits count in it)
 * and a user's hashtag interests, asked by another member or by nobody, over Connect and gRPC;
 * ranking's REST doors (`/api/v1/rank`, `/feedback`, `/impressions`) with no token or naming
 * another viewer. Held: 401/403 (unauthenticated/permission_denied). feature-store has no REST or
 * GraphQL door to feature values (only the registry), so the RPC is the door attacked.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import type { JsonObject } from "@bufbuild/protobuf";
import { attack, breaches, inBatches } from "./support/attack.ts";
import { send } from "./support/http-client.ts";
import { AUTH_REFUSALS, allRpcs, callConnect, callGrpc } from "./support/rpcs.ts";
import { system, url } from "./support/system.ts";
import { statusIn } from "./support/verdicts.ts";
import { type World, world } from "./support/world.ts";

const FAMILY = "private signals";
let w: World;

beforeAll(async () => {
  await system();
  w = await world();
}, 240_000);

describe("feature-store and ranking answer only services and the account itself", () => {
  test("another member's affinity and hashtag interests are refused", async () => {
    const getFeatures = allRpcs().find(
      (r) => r.path === "nova.feature_store.v1.FeatureStoreService/GetFeatures",
    );
    if (!getFeatures) throw new Error("GetFeatures is gone from the descriptors");
    const asks: [string, JsonObject][] = [
      [
        "alice's hashtag_interests",
        { entityType: "ENTITY_TYPE_USER", entityIds: [w.alice.id], featureNames: ["hashtag_interests"] },
      ],
      [
        "alice×dave affinity (profile visits)",
        {
          entityType: "ENTITY_TYPE_USER_AUTHOR",
          entityIds: [`${w.alice.id}:${w.dave.id}`],
          featureNames: ["affinity"],
        },
      ],
      [
        "pat's (private account) hashtag_interests",
        { entityType: "ENTITY_TYPE_USER", entityIds: [w.pat.id], featureNames: ["hashtag_interests"] },
      ],
    ];
    const jobs = asks.flatMap(([what, body]) =>
      [
        { who: "no token", token: undefined },
        { who: "bob's token", token: w.bob.token },
      ].flatMap(({ who, token }) => [
        () =>
          attack(FAMILY, `GetFeatures ${what} via Connect, ${who}`, async () =>
            statusIn(await callConnect(getFeatures, body, { token, from: w.bob.ip }), [401, 403]),
          ),
        () =>
          attack(FAMILY, `GetFeatures ${what} via gRPC, ${who}`, async () => {
            const out = await callGrpc(getFeatures, body, { token });
            return {
              held: AUTH_REFUSALS.includes(out.code),
              why: `gRPC ${out.code} ${out.message} ${out.response?.slice(0, 160) ?? ""}`,
            };
          }),
      ]),
    );
    expect(breaches(await inBatches(jobs, 6))).toEqual([]);
  }, 60_000);

  test("ranking's REST doors refuse no token (401) and another viewer (401/403)", async () => {
    const now = new Date().toISOString();
    const bodies: [string, (viewerId: string) => unknown][] = [
      [
        "/api/v1/rank",
        (viewerId) => ({
          viewerId,
          candidates: [{ postId: w.davePost, authorId: w.dave.id, createdAt: now, source: "following" }],
        }),
      ],
      [
        "/api/v1/feedback",
        (viewerId) => ({ viewerId, feedback: [{ postId: w.davePost, kind: "hide", at: now }] }),
      ],
      [
        "/api/v1/impressions",
        (viewerId) => ({
          viewerId,
          rankingId: crypto.randomUUID(),
          modelVersion: "logistic-v1",
          impressions: [
            { postId: w.davePost, authorId: w.dave.id, position: 0, score: 0.5, features: {}, shownAt: now },
          ],
        }),
      ],
    ];
    const jobs = bodies.flatMap(([path, body]) => [
      () =>
        attack(FAMILY, `ranking POST ${path}, no token, viewer alice`, async () =>
          statusIn(
            await send(url("ranking-service", path), { json: body(w.alice.id), from: w.bob.ip }),
            [401],
          ),
        ),
      () =>
        attack(FAMILY, `ranking POST ${path}, bob's token, viewer alice`, async () =>
          statusIn(
            await send(url("ranking-service", path), {
              json: body(w.alice.id),
              token: w.bob.token,
              from: w.bob.ip,
            }),
            [401, 403],
          ),
        ),
    ]);
    expect(breaches(await inBatches(jobs, 6))).toEqual([]);
  }, 60_000);
});
