import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
import { SearchService } from "@nova/proto/search/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createSearchGraphql } from "./graphql/create-search-graphql.ts";
import { mountSearchServiceRoutes } from "./http/mount-search-routes.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { searchPosts } from "./rpc/search-posts.ts";
import { searchUsers } from "./rpc/search-users.ts";
import { suggest } from "./rpc/suggest.ts";
import { trendingHashtags } from "./rpc/trending-hashtags.ts";

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
          // The REST routes' and GraphQL fields' verbs: the viewer is the end-user token (the
          // caller's own or the one a service forwards); none → anonymous.
          searchUsers: publicRpc(searchUsers(ctx)),
          searchPosts: publicRpc(searchPosts(ctx)),
          suggest: publicRpc(suggest(ctx)),
          trendingHashtags: publicRpc(trendingHashtags(ctx)),
          // The account export (identity's job asks each service with the owner's token).
          exportAccountData: internalRpc(exportAccountData(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
