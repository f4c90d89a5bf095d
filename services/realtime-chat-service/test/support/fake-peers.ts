import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { GraphService } from "@nova/proto/graph/v1";
import { Audience, UserService } from "@nova/proto/user/v1";

/**
 * user-service and graph-service as in-memory Connect routers implementing their protos, so chat's
 * peer code runs unchanged. Every account has a profile (whoCanMessage EVERYONE unless set).
 */
export interface FakePeers {
  /** "follower:followed" pairs. */
  follows: Set<string>;
  /** "blocker:blocked" pairs. */
  blocks: Set<string>;
  whoCanMessage: Map<string, Audience>;
  follow(follower: string, followed: string): void;
  block(blocker: string, blocked: string): void;
  userClient: ReturnType<typeof createClient<typeof UserService>>;
  graphClient: ReturnType<typeof createClient<typeof GraphService>>;
}

export function createFakePeers(): FakePeers {
  const peers: FakePeers = {
    follows: new Set(),
    blocks: new Set(),
    whoCanMessage: new Map(),
    follow: (a, b) => void peers.follows.add(`${a}:${b}`),
    block: (a, b) => void peers.blocks.add(`${a}:${b}`),
    userClient: undefined as never,
    graphClient: undefined as never,
  };
  const users = createRouterTransport(({ service }) => {
    service(UserService, {
      batchGetProfiles: (req) => ({
        profiles: req.ids.map((id) => ({
          id,
          whoCanMessage: peers.whoCanMessage.get(id) ?? Audience.EVERYONE,
        })),
      }),
      batchGetProfilesByUsername() {
        throw new ConnectError("not used by chat", Code.Unimplemented);
      },
      checkUsernameAvailability() {
        throw new ConnectError("not used by chat", Code.Unimplemented);
      },
      exportAccountData() {
        throw new ConnectError("not used by chat", Code.Unimplemented);
      },
    });
  });
  const graph = createRouterTransport(({ service }) => {
    service(GraphService, {
      batchCheckRelationships: (req) => ({
        relationships: req.targetIds.map((t) => ({
          targetId: t,
          following: peers.follows.has(`${req.viewerId}:${t}`),
          followedBy: peers.follows.has(`${t}:${req.viewerId}`),
          blocking: peers.blocks.has(`${req.viewerId}:${t}`),
          blockedBy: peers.blocks.has(`${t}:${req.viewerId}`),
        })),
      }),
    });
  });
  peers.userClient = createClient(UserService, users);
  peers.graphClient = createClient(GraphService, graph);
  return peers;
}
