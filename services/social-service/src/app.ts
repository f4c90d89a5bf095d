import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
import { SocialService } from "@nova/proto/social/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createSocialGraphql } from "./graphql/create-social-graphql.ts";
import { mountSocialRoutes } from "./http/mount-social-routes.ts";
import { batchGetEngagement } from "./rpc/batch-get-engagement.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";

/** REST, RPC and GraphQL doors of social-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createSocialGraphql(ctx);
  return {
    http: (app) => mountSocialRoutes(app, ctx),
    rpc: (router) =>
      serveRpc(
        router,
        SocialService,
        // Counts are public; the viewer state is the token's account (viewer_id only from a service).
        {
          batchGetEngagement: publicRpc(batchGetEngagement(ctx)),
          // The account export (identity's job asks each service with the owner's token).
          exportAccountData: internalRpc(exportAccountData(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
