import { RealtimeChatService } from "@nova/proto/realtime_chat/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";

/** REST, RPC and GraphQL doors of realtime-chat-service; each delegates to a verb in src/domain/. */
export function createApp(_ctx: ServiceContext): ServiceSurface {
  return {
    rpc: (router) => router.service(RealtimeChatService, {}),
  };
}
