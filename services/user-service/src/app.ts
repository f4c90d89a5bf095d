import { authRequestGate } from "@nova/auth";
import { UserService } from "@nova/proto/user/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createUserGraphql } from "./graphql/create-user-graphql.ts";
import { mountUserRoutes } from "./http/mount-user-routes.ts";
import { batchGetProfiles } from "./rpc/batch-get-profiles.ts";
import { batchGetProfilesByUsername } from "./rpc/batch-get-profiles-by-username.ts";
import { checkUsernameAvailability } from "./rpc/check-username-availability.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";

/** REST, RPC and GraphQL doors of user-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createUserGraphql(ctx);
  return {
    http: (app) => mountUserRoutes(app, ctx),
    rpc: (router) =>
      router.service(
        UserService,
        {
          batchGetProfiles: batchGetProfiles(ctx),
          batchGetProfilesByUsername: batchGetProfilesByUsername(ctx),
          checkUsernameAvailability: checkUsernameAvailability(ctx),
          exportAccountData: exportAccountData(ctx),
        },
        // Lookups are open to any caller (public profile data); a token, when sent, must be valid.
        { requestGate: authRequestGate(ctx.verifier, { optional: true }) },
      ),
    graphql: (request) => graphql.handle(request),
  };
}
