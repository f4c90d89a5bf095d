import { internalRpc, serveRpc } from "@nova/auth";
import { RealtimeChatService } from "@nova/proto/realtime_chat/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createChatGraphql } from "./graphql/create-chat-graphql.ts";
import { mountChatRoutes } from "./http/mount-chat-routes.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { chatSocket } from "./socket/chat-socket.ts";

/** REST, WebSocket, RPC and GraphQL doors of realtime-chat-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createChatGraphql(ctx);
  return {
    http: (app) => mountChatRoutes(app, ctx),
    websocket: chatSocket(ctx),
    rpc: (router) =>
      serveRpc(
        router,
        RealtimeChatService,
        // The account export (identity's job asks each service with the owner's token).
        { exportAccountData: internalRpc(exportAccountData(ctx)) },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
