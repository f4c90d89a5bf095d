import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { graphResolvers } from "./graph-resolvers.ts";
import { graphTypeDefs } from "./graph-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createGraphGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: graphTypeDefs,
    resolvers: graphResolvers(ctx),
    verifier: ctx.verifier,
    identity: ctx.identity,
  });
}
