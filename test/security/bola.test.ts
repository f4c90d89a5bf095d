/**
 * Family 13 — the BOLA matrix: bob acts on alice's (and private pat's) objects through every
 * door — REST, GraphQL (gateway) and Connect — for every resource type: post, draft, comment,
 * like, bookmark, repost, follow lists, follow request, block/mute, profile, settings, sessions,
 * account export, timelines and features. Held: refused (403/404, FORBIDDEN/NOT_FOUND) or
 * answered without the private thing; a write must leave the object as it was. The rows are in
 * support/bola-content-cases.ts and support/bola-account-cases.ts.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { type Attempt, attack, breaches, inBatches } from "./support/attack.ts";
import { accountCases } from "./support/bola-account-cases.ts";
import { contentCases } from "./support/bola-content-cases.ts";
import { system } from "./support/system.ts";
import { type World, world } from "./support/world.ts";

const FAMILY = "BOLA matrix";
let w: World;

beforeAll(async () => {
  await system();
  w = await world();
}, 240_000);

describe("bob cannot act on alice's objects through any door", () => {
  test("every resource type × REST, GraphQL and Connect", async () => {
    const jobs = [...contentCases(w), ...accountCases(w)].map(
      ([resource, door, run]) =>
        () =>
          attack(FAMILY, `${resource}: ${door}`, run),
    );
    const results: Attempt[] = await inBatches(jobs, 4);
    expect(breaches(results)).toEqual([]);
  }, 120_000);
});
