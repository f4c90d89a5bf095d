import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { socialResolvers } from "./social-resolvers.ts";
import { socialTypeDefs } from "./social-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createSocialGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: socialTypeDefs,
    resolvers: socialResolvers(ctx),
    verifier: ctx.verifier,
    identity: ctx.identity,
  });
}
