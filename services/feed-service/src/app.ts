import { FeedService } from "@nova/proto/feed/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createFeedGraphql } from "./graphql/create-feed-graphql.ts";
import { mountFeedRoutes } from "./http/mount-feed-routes.ts";

/** REST, RPC and GraphQL doors of feed-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createFeedGraphql(ctx);
  return {
    http: (app) => mountFeedRoutes(app, ctx),
    rpc: (router) => router.service(FeedService, {}),
    graphql: (request) => graphql.handle(request),
  };
}
