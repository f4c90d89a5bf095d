import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { mountFeatureRoutes } from "./http/feature-routes.ts";
import { getFeatures } from "./rpc/get-features.ts";
import { getHistoricalFeatures } from "./rpc/get-historical-features.ts";
import { listFeatures } from "./rpc/list-features.ts";

/**
 * REST and RPC doors of feature-store; each delegates to a verb in src/domain/. Internal service
 * (ranking-service is its caller): no user-facing GraphQL subschema, no end-user authorisation.
 */
export function createApp(ctx: ServiceContext): ServiceSurface {
  return {
    http: (app) => mountFeatureRoutes(app),
    rpc: (router) =>
      serveRpc(
        router,
        FeatureStoreService,
        {
          // An end user may ask with their token; which entities they may read is the domain's rule.
          listFeatures: publicRpc(listFeatures()),
          getFeatures: publicRpc(getFeatures(ctx)),
          // Training data about every account: services only.
          getHistoricalFeatures: internalRpc(getHistoricalFeatures(ctx)),
        },
        ctx,
      ),
  };
}
