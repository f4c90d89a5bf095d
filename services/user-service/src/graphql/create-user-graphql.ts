import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { userResolvers } from "./user-resolvers.ts";
import { userTypeDefs } from "./user-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createUserGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: userTypeDefs,
    resolvers: userResolvers(ctx),
    verifier: ctx.verifier,
    identity: ctx.identity,
  });
}
