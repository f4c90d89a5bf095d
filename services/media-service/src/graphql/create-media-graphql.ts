import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { mediaResolvers } from "./media-resolvers.ts";
import { mediaTypeDefs } from "./media-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createMediaGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: mediaTypeDefs,
    resolvers: mediaResolvers(ctx),
    verifier: ctx.verifier,
    identity: ctx.identity,
  });
}
