import type { Client } from "@connectrpc/connect";
import type { ServiceMetrics } from "@nova/observability";
import { UserService } from "@nova/proto/user/v1";
import { closeServiceClient, createServiceClient } from "@nova/rpc";
import type { ServiceConfig } from "../config.ts";

/** user-service's RPCs as identity-service calls them (username availability, account export). */
export type UserClient = Client<typeof UserService>;

/** The typed client of user-service: USER_SERVICE_URL, else the port convention. */
export function createUserClient(config: ServiceConfig, registry: ServiceMetrics["registry"]): UserClient {
  return createServiceClient(UserService, {
    target: "user-service",
    config,
    env: config.extra.USER_SERVICE_URL ? { USER_SERVICE_URL: config.extra.USER_SERVICE_URL } : {},
    registry,
  });
}

export function closeUserClient(client: UserClient): void {
  closeServiceClient(client);
}
