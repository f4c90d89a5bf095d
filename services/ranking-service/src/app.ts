import { authRequestGate } from "@nova/auth";
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
      router.service(
        RankingService,
        {
          rankCandidates: rankCandidates(ctx),
          logImpressions: logImpressions(ctx),
          logFeedback: logFeedback(ctx),
          exportAccountData: exportAccountData(ctx),
        },
        // feed calls as a service (often from events, without a user's token); a token, when
        // forwarded, must be valid and then fixes the viewer (domain/acting-viewer.ts).
        { requestGate: authRequestGate(ctx.verifier, { optional: true }) },
      ),
  };
}
