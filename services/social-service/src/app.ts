import { authRequestGate } from "@nova/auth";
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
      router.service(
        SocialService,
        { batchGetEngagement: batchGetEngagement(ctx), exportAccountData: exportAccountData(ctx) },
        // Open to any caller (counts are public); a token, when sent, must be valid and is the viewer.
        { requestGate: authRequestGate(ctx.verifier, { optional: true }) },
      ),
    graphql: (request) => graphql.handle(request),
  };
}
