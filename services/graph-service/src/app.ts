import { authRequestGate } from "@nova/auth";
import { GraphService } from "@nova/proto/graph/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createGraphGraphql } from "./graphql/create-graph-graphql.ts";
import { mountGraphRoutes } from "./http/mount-graph-routes.ts";
import { batchCheckRelationships } from "./rpc/batch-check-relationships.ts";
import { batchCheckVisibility } from "./rpc/batch-check-visibility.ts";
import { batchGetFollowCounts } from "./rpc/batch-get-follow-counts.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { listBlockedAndMuted } from "./rpc/list-blocked-and-muted.ts";
import { listFollowers } from "./rpc/list-followers.ts";
import { listFollowing } from "./rpc/list-following.ts";

/** REST, RPC and GraphQL doors of graph-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createGraphGraphql(ctx);
  return {
    http: (app) => mountGraphRoutes(app, ctx),
    rpc: (router) =>
      router.service(
        GraphService,
        {
          batchCheckRelationships: batchCheckRelationships(ctx),
          listFollowers: listFollowers(ctx),
          listFollowing: listFollowing(ctx),
          listBlockedAndMuted: listBlockedAndMuted(ctx),
          batchCheckVisibility: batchCheckVisibility(ctx),
          batchGetFollowCounts: batchGetFollowCounts(ctx),
          exportAccountData: exportAccountData(ctx),
        },
        // Reads for other services (fan-out often runs from events, without a user's token); a
        // token, when sent, must be valid. The RPC ports are internal (see README).
        { requestGate: authRequestGate(ctx.verifier, { optional: true }) },
      ),
    graphql: (request) => graphql.handle(request),
  };
}
