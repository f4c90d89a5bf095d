import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createGraphqlHandler } from "./graphql/create-graphql-handler.ts";
import { mountRoutes } from "./http/mount-routes.ts";
import { registerRpc } from "./rpc/register-rpc.ts";

/** REST, RPC and GraphQL doors of identity-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  return {
    http: (app) => mountRoutes(app, ctx),
    rpc: (router) => registerRpc(router, ctx),
    graphql: createGraphqlHandler(ctx),
  };
}
