import type { Client } from "@connectrpc/connect";
import { type BaseContext, createPeerClient } from "@nova/kit";
import { UserService } from "@nova/proto/user/v1";
import type { ServiceConfig } from "../config.ts";

/** user-service's RPCs as identity-service calls them (username availability, account export). */
export type UserClient = Client<typeof UserService>;

/** The typed client of user-service (USER_SERVICE_URL, else the port convention), with this service's credential. */
export function createUserClient(ctx: BaseContext<ServiceConfig>): UserClient {
  const url = ctx.config.extra.USER_SERVICE_URL;
  return createPeerClient(ctx, UserService, { target: "user-service", ...(url ? { baseUrl: url } : {}) });
}
