import type { Client } from "@connectrpc/connect";
import { type BaseContext, createPeerClient } from "@nova/kit";
import { GraphService } from "@nova/proto/graph/v1";
import { UserService } from "@nova/proto/user/v1";
import type { ServiceConfig } from "../config.ts";

/** user-service's RPCs as content-service calls them. */
export type UserClient = Client<typeof UserService>;
/** graph-service's RPCs as content-service calls them. */
export type GraphClient = Client<typeof GraphService>;

export interface PeerClients {
  user: UserClient;
  graph: GraphClient;
}

/**
 * Typed clients of the peers (deadlines, retries, breaker, this service's credential: @nova/kit's
 * createPeerClient), closed with the context; `<SERVICE>_URL` wins over the port convention.
 */
export function createPeerClients(ctx: BaseContext<ServiceConfig>): PeerClients {
  const { extra } = ctx.config;
  return {
    user: createPeerClient(ctx, UserService, {
      target: "user-service",
      ...(extra.USER_SERVICE_URL ? { baseUrl: extra.USER_SERVICE_URL } : {}),
    }),
    graph: createPeerClient(ctx, GraphService, {
      target: "graph-service",
      ...(extra.GRAPH_SERVICE_URL ? { baseUrl: extra.GRAPH_SERVICE_URL } : {}),
    }),
  };
}
