import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { mountFeatureRoutes } from "./http/feature-routes.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { getFeatures } from "./rpc/get-features.ts";
import { getHistoricalFeatures } from "./rpc/get-historical-features.ts";
import { listFeatures } from "./rpc/list-features.ts";

/**
 * REST and RPC doors of feature-store; each delegates to a verb in src/domain/. Its callers are
 * services (ranking, feed); an end user's token, when sent, must be valid, and then lets that
 * account read only the features about itself (domain/authorise-feature-read.ts).
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
          // The account export (identity's job asks each service with the owner's token).
          exportAccountData: internalRpc(exportAccountData(ctx)),
        },
        ctx,
      ),
  };
}
