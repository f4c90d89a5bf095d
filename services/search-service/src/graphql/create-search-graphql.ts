import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { searchResolvers } from "./search-resolvers.ts";
import { searchTypeDefs } from "./search-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createSearchGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: searchTypeDefs,
    resolvers: searchResolvers(ctx),
    verifier: ctx.verifier,
    identity: ctx.identity,
  });
}
