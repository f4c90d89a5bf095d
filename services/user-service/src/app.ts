import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
import { UserService } from "@nova/proto/user/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createUserGraphql } from "./graphql/create-user-graphql.ts";
import { mountUserRoutes } from "./http/mount-user-routes.ts";
import { batchGetProfiles } from "./rpc/batch-get-profiles.ts";
import { batchGetProfilesByUsername } from "./rpc/batch-get-profiles-by-username.ts";
import { checkUsernameAvailability } from "./rpc/check-username-availability.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { listProfilesForReindex } from "./rpc/list-profiles-for-reindex.ts";

/** REST, RPC and GraphQL doors of user-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createUserGraphql(ctx);
  return {
    http: (app) => mountUserRoutes(app, ctx),
    rpc: (router) =>
      serveRpc(
        router,
        UserService,
        {
          // Public profile data, as the REST lookups show it to any signed-in client.
          batchGetProfiles: publicRpc(batchGetProfiles(ctx)),
          batchGetProfilesByUsername: publicRpc(batchGetProfilesByUsername(ctx)),
          checkUsernameAvailability: publicRpc(checkUsernameAvailability(ctx)),
          // An account's whole data, for identity-service's export job only.
          exportAccountData: internalRpc(exportAccountData(ctx)),
          // Every profile's searchable fields, for search-service's reindex only.
          listProfilesForReindex: internalRpc(listProfilesForReindex(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
