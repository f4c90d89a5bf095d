/**
 * What the BOLA matrix's case lists share: a case is a resource, a door and an attempt made as
 * bob; helpers to call the gateway and RPCs as him.
 */
import type { Verdict } from "./attack.ts";
import type { Reply } from "./http-client.ts";
import { as } from "./members.ts";
import { allRpcs } from "./rpcs.ts";
import { url } from "./system.ts";
import type { World } from "./world.ts";

/** One cell of the matrix: resource type, door, and the attempt. */
export type BolaCase = [resource: string, door: string, run: () => Promise<Verdict>];

/** GraphQL codes that refuse an actor. */
export const REFUSED = ["FORBIDDEN", "PERMISSION_DENIED", "NOT_FOUND", "UNAUTHENTICATED"];

/** A GraphQL request to the gateway as bob. */
export const gqlAsBob =
  (w: World) =>
  (query: string, variables: Record<string, unknown> = {}) =>
    as(w.bob, "POST", url("graphql-gateway", "/graphql"), { query, variables });

/** An RPC by path, failing loudly when the descriptors no longer have it. */
export function rpc(path: string) {
  const found = allRpcs().find((r) => r.path === path);
  if (!found) throw new Error(`${path} is gone from the descriptors`);
  return found;
}

/** Awaits a reply and applies a verdict. */
export const check = async (reply: Promise<Reply>, verdict: (r: Reply) => Verdict) => verdict(await reply);
