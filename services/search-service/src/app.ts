import { internalRpc, serveRpc } from "@nova/auth";
import { SearchService } from "@nova/proto/search/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createSearchGraphql } from "./graphql/create-search-graphql.ts";
import { mountSearchServiceRoutes } from "./http/mount-search-routes.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";

/** REST, RPC and GraphQL doors of search-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createSearchGraphql(ctx);
  return {
    http: (app) => mountSearchServiceRoutes(app, ctx),
    rpc: (router) =>
      serveRpc(
        router,
        SearchService,
        {
          // The account export (identity's job asks each service with the owner's token).
          exportAccountData: internalRpc(exportAccountData(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
