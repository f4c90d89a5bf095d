import { createSubschema } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { chatResolvers } from "./chat-resolvers.ts";
import { chatTypeDefs } from "./chat-type-defs.ts";

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createChatGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: chatTypeDefs,
    resolvers: chatResolvers(ctx),
    verifier: ctx.verifier,
    identity: ctx.identity,
  });
}
