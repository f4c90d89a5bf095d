import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { feedResolvers } from "./feed-resolvers.ts";
import { feedTypeDefs } from "./feed-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createFeedGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: feedTypeDefs,
    resolvers: feedResolvers(ctx),
    verifier: ctx.verifier,
    identity: ctx.identity,
  });
}
