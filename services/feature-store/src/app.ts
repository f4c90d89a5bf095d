import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";

/** REST, RPC and GraphQL doors of feature-store; each delegates to a verb in src/domain/. */
export function createApp(_ctx: ServiceContext): ServiceSurface {
  return {
    rpc: (router) => router.service(FeatureStoreService, {}),
  };
}
