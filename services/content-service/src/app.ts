import { ContentService } from "@nova/proto/content/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";

/** REST, RPC and GraphQL doors of content-service; each delegates to a verb in src/domain/. */
export function createApp(_ctx: ServiceContext): ServiceSurface {
  return {
    rpc: (router) => router.service(ContentService, {}),
  };
}
