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
      router.service(FeatureStoreService, {
        listFeatures: listFeatures(),
        getFeatures: getFeatures(ctx),
        getHistoricalFeatures: getHistoricalFeatures(ctx),
      }),
  };
}
