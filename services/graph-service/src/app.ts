import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
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
      serveRpc(
        router,
        GraphService,
        {
          // Who sees whom is private (blocks, mutes, who follows a private account): services
          // only, which may name any viewer (fan-out runs from events, without a user's token).
          batchCheckRelationships: internalRpc(batchCheckRelationships(ctx)),
          listFollowers: internalRpc(listFollowers(ctx)),
          listFollowing: internalRpc(listFollowing(ctx)),
          listBlockedAndMuted: internalRpc(listBlockedAndMuted(ctx)),
          batchCheckVisibility: internalRpc(batchCheckVisibility(ctx)),
          // Counts are on every public profile.
          batchGetFollowCounts: publicRpc(batchGetFollowCounts(ctx)),
          // The account export (identity's job asks each service with the owner's token).
          exportAccountData: internalRpc(exportAccountData(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
