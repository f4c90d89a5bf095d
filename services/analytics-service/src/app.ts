import { internalRpc, serveRpc } from "@nova/auth";
import { AnalyticsService } from "@nova/proto/analytics/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createAnalyticsGraphql } from "./graphql/create-analytics-graphql.ts";
import { mountAnalyticsRoutes } from "./http/mount-analytics-routes.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { recordFeedImpressions } from "./rpc/record-feed-impressions.ts";

/** REST, RPC and GraphQL doors of analytics-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createAnalyticsGraphql(ctx);
  return {
    http: (app) => mountAnalyticsRoutes(app, ctx),
    rpc: (router) =>
      serveRpc(
        router,
        AnalyticsService,
        // The account export (identity's job asks each service with the owner's token).
        {
          exportAccountData: internalRpc(exportAccountData(ctx)),
          // feed-service only (checked in the verb): the ranked pages it served.
          recordFeedImpressions: internalRpc(recordFeedImpressions(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
