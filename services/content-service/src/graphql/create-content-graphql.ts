import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { contentResolvers } from "./content-resolvers.ts";
import { contentTypeDefs } from "./content-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createContentGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: contentTypeDefs,
    resolvers: contentResolvers(ctx),
    verifier: ctx.verifier,
    identity: ctx.identity,
  });
}
