import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
import { NotificationService } from "@nova/proto/notification/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createNotificationGraphql } from "./graphql/create-notification-graphql.ts";
import { mountNotificationRoutes } from "./http/mount-notification-routes.ts";
import { exportAccountData, getUnreadCount } from "./rpc/notification-rpcs.ts";

/** REST, RPC and GraphQL doors of notification-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createNotificationGraphql(ctx);
  return {
    http: (app) => mountNotificationRoutes(app, ctx),
    rpc: (router) =>
      serveRpc(
        router,
        NotificationService,
        {
          getUnreadCount: publicRpc(getUnreadCount(ctx)),
          exportAccountData: internalRpc(exportAccountData(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
