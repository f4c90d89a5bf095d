import { internalRpc, serveRpc } from "@nova/auth";
import { RankingService } from "@nova/proto/ranking/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { mountRankingRoutes } from "./http/mount-ranking-routes.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { logFeedback } from "./rpc/log-feedback.ts";
import { logImpressions } from "./rpc/log-impressions.ts";
import { rankCandidates } from "./rpc/rank-candidates.ts";

/** REST and RPC doors of ranking-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  return {
    http: (app) => mountRankingRoutes(app, ctx),
    rpc: (router) =>
      // feed-service's: they take a viewer_id, which only a service may name.
      serveRpc(
        router,
        RankingService,
        {
          rankCandidates: internalRpc(rankCandidates(ctx)),
          logImpressions: internalRpc(logImpressions(ctx)),
          logFeedback: internalRpc(logFeedback(ctx)),
          // The account export (identity's job asks each service with the owner's token).
          exportAccountData: internalRpc(exportAccountData(ctx)),
        },
        ctx,
      ),
  };
}
