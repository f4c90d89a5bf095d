import type { Client } from "@connectrpc/connect";
import type { PeerSpec } from "@nova/kit";
import { UserService } from "@nova/proto/user/v1";
import type { ServiceConfig } from "../config.ts";

/** user-service's RPCs as identity-service calls them (username availability, account export). */
export type UserClient = Client<typeof UserService>;

/** user-service as a peer (USER_SERVICE_URL, else the port convention), for the kit's createServiceContext. */
export function userPeer(extra: ServiceConfig["extra"]): PeerSpec<typeof UserService> {
  return [UserService, "user-service", extra.USER_SERVICE_URL];
}
