import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { mountChatRoutes } from "./http/mount-chat-routes.ts";
import { chatSocket } from "./socket/chat-socket.ts";

/** REST, WebSocket, RPC and GraphQL doors of realtime-chat-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  return {
    http: (app) => mountChatRoutes(app, ctx),
    websocket: chatSocket(ctx),
  };
}
