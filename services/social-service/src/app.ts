import { SocialService } from "@nova/proto/social/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";

/** REST, RPC and GraphQL doors of social-service; each delegates to a verb in src/domain/. */
export function createApp(_ctx: ServiceContext): ServiceSurface {
  return {
    rpc: (router) => router.service(SocialService, {}),
  };
}
