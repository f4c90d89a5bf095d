import type { Client } from "@connectrpc/connect";
import type { PeerSpec } from "@nova/kit";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import type { ServiceConfig } from "../config.ts";

/** trust-safety-service's RPCs as identity-service calls them (Check on sign-up usernames). */
export type TrustSafetyClient = Client<typeof TrustSafetyService>;

/** trust-safety-service as a peer (TRUST_SAFETY_SERVICE_URL, else the port convention). */
export function trustSafetyPeer(extra: ServiceConfig["extra"]): PeerSpec<typeof TrustSafetyService> {
  return [TrustSafetyService, "trust-safety-service", extra.TRUST_SAFETY_SERVICE_URL];
}
