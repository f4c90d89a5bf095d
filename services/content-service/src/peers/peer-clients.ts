import type { Client } from "@connectrpc/connect";
import type { ServiceMetrics } from "@nova/observability";
import { GraphService } from "@nova/proto/graph/v1";
import { UserService } from "@nova/proto/user/v1";
import { closeServiceClient, createServiceClient } from "@nova/rpc";
import type { ServiceConfig } from "../config.ts";

/** user-service's RPCs as content-service calls them. */
export type UserClient = Client<typeof UserService>;
/** graph-service's RPCs as content-service calls them. */
export type GraphClient = Client<typeof GraphService>;

export interface PeerClients {
  user: UserClient;
  graph: GraphClient;
}

/** Typed clients of the peers (deadlines, retries, breaker from @nova/rpc); `<SERVICE>_URL` wins. */
export function createPeerClients(
  config: ServiceConfig,
  registry: ServiceMetrics["registry"],
): PeerClients & { close(): void } {
  const user = createServiceClient(UserService, {
    target: "user-service",
    config,
    env: config.extra.USER_SERVICE_URL ? { USER_SERVICE_URL: config.extra.USER_SERVICE_URL } : {},
    registry,
  });
  const graph = createServiceClient(GraphService, {
    target: "graph-service",
    config,
    env: config.extra.GRAPH_SERVICE_URL ? { GRAPH_SERVICE_URL: config.extra.GRAPH_SERVICE_URL } : {},
    registry,
  });
  return {
    user,
    graph,
    close() {
      closeServiceClient(user);
      closeServiceClient(graph);
    },
  };
}
