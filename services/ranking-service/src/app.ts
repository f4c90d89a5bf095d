import { RankingService } from "@nova/proto/ranking/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";

/** REST, RPC and GraphQL doors of ranking-service; each delegates to a verb in src/domain/. */
export function createApp(_ctx: ServiceContext): ServiceSurface {
  return {
    rpc: (router) => router.service(RankingService, {}),
  };
}
