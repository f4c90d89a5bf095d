import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { notificationResolvers } from "./notification-resolvers.ts";
import { notificationTypeDefs } from "./notification-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createNotificationGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: notificationTypeDefs,
    resolvers: notificationResolvers(ctx),
    verifier: ctx.verifier,
    // Only the gateway may call it (issue 22: a service's /graphql answers the gateway's credential).
    identity: ctx.identity,
  });
}
