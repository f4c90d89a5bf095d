import { internalRpc, serveRpc } from "@nova/auth";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createTrustSafetyGraphql } from "./graphql/create-ts-graphql.ts";
import { mountTrustSafetyRoutes } from "./http/mount-ts-routes.ts";
import { check } from "./rpc/check.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { listActiveEnforcements } from "./rpc/list-active-enforcements.ts";

/** REST, RPC and GraphQL doors of trust-safety-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createTrustSafetyGraphql(ctx);
  return {
    http: (app) => mountTrustSafetyRoutes(app, ctx),
    rpc: (router) =>
      serveRpc(
        router,
        TrustSafetyService,
        {
          // content/user/media before publishing a write (the caller service is checked too).
          check: internalRpc(check(ctx)),
          // identity's account export.
          exportAccountData: internalRpc(exportAccountData(ctx)),
          // search-service's reindex (the caller service is checked in the verb).
          listActiveEnforcements: internalRpc(listActiveEnforcements(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
