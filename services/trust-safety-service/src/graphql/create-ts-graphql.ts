import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { trustSafetyResolvers } from "./ts-resolvers.ts";
import { trustSafetyTypeDefs } from "./ts-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createTrustSafetyGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: trustSafetyTypeDefs,
    resolvers: trustSafetyResolvers(ctx),
    verifier: ctx.verifier,
    // Only the gateway may call it (issue 22: a service's /graphql answers the gateway's credential).
    identity: ctx.identity,
  });
}
