import type { Client } from "@connectrpc/connect";
import type { PeerSpec } from "@nova/kit";
import { GraphService } from "@nova/proto/graph/v1";
import { MediaService } from "@nova/proto/media/v1";
import { UserService } from "@nova/proto/user/v1";
import type { ServiceConfig } from "../config.ts";

/** user-service's RPCs as content-service calls them. */
export type UserClient = Client<typeof UserService>;
/** graph-service's RPCs as content-service calls them. */
export type GraphClient = Client<typeof GraphService>;
/** media-service's RPCs as content-service calls them (attach media to posts, media in views). */
export type MediaClient = Client<typeof MediaService>;

export interface PeerClients {
  user: UserClient;
  graph: GraphClient;
  media: MediaClient;
}

/**
 * The peers content-service calls, for @nova/kit's createServiceContext (which makes their typed
 * clients with this service's credential); `<SERVICE>_URL` wins over the port convention.
 */
export function contentPeers(extra: ServiceConfig["extra"]): {
  user: PeerSpec<typeof UserService>;
  graph: PeerSpec<typeof GraphService>;
  media: PeerSpec<typeof MediaService>;
} {
  return {
    user: [UserService, "user-service", extra.USER_SERVICE_URL],
    graph: [GraphService, "graph-service", extra.GRAPH_SERVICE_URL],
    media: [MediaService, "media-service", extra.MEDIA_SERVICE_URL],
  };
}
