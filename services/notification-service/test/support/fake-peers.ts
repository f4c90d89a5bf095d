import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { ContentService, PostSchema, Visibility } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { IdentityService } from "@nova/proto/identity/v1";
import { UserService } from "@nova/proto/user/v1";

/**
 * graph, content and user services as in-memory Connect routers implementing their protos (the
 * real generated clients call them). Content answers anonymously: a post is found only if public.
 */
export interface FakePeers {
  blocks: Set<string>;
  mutes: Set<string>;
  follows: Set<string>;
  /** Public posts: id → author. */
  publicPosts: Map<string, string>;
  usernames: Map<string, string>;
  /** Verified addresses identity would give out. */
  emails: Map<string, string>;
  graphDown: boolean;
  graphClient: ReturnType<typeof createClient<typeof GraphService>>;
  contentClient: ReturnType<typeof createClient<typeof ContentService>>;
  userClient: ReturnType<typeof createClient<typeof UserService>>;
  identityClient: ReturnType<typeof createClient<typeof IdentityService>>;
}

export function createFakePeers(): FakePeers {
  const peers = {
    blocks: new Set<string>(),
    mutes: new Set<string>(),
    follows: new Set<string>(),
    publicPosts: new Map<string, string>(),
    usernames: new Map<string, string>(),
    emails: new Map<string, string>(),
    graphDown: false,
  } as FakePeers;
  const graph = createRouterTransport(({ service }) => {
    service(GraphService, {
      batchCheckRelationships(req) {
        if (peers.graphDown) throw new ConnectError("down", Code.Unavailable);
        return {
          relationships: req.targetIds.map((t) => ({
            targetId: t,
            following: peers.follows.has(`${req.viewerId}:${t}`),
            blocking: peers.blocks.has(`${req.viewerId}:${t}`),
            blockedBy: peers.blocks.has(`${t}:${req.viewerId}`),
            muting: peers.mutes.has(`${req.viewerId}:${t}`),
          })),
        };
      },
      batchCheckVisibility(req) {
        if (peers.graphDown) throw new ConnectError("down", Code.Unavailable);
        return {
          authors: req.authorIds.map((a) => ({
            authorId: a,
            notBlocked:
              !peers.blocks.has(`${req.viewerId}:${a}`) && !peers.blocks.has(`${a}:${req.viewerId}`),
            seesFollowersOnly: peers.follows.has(`${req.viewerId}:${a}`),
            muted: peers.mutes.has(`${req.viewerId}:${a}`),
          })),
        };
      },
    });
  });
  const content = createRouterTransport(({ service }) => {
    service(ContentService, {
      getPost(req) {
        const author = peers.publicPosts.get(req.postId);
        if (!author) throw new ConnectError("post not found", Code.NotFound);
        return {
          post: create(PostSchema, { id: req.postId, authorId: author, visibility: Visibility.PUBLIC }),
        };
      },
    });
  });
  const users = createRouterTransport(({ service }) => {
    service(UserService, {
      batchGetProfiles(req) {
        return {
          profiles: req.ids
            .filter((id) => peers.usernames.has(id))
            .map((id) => ({
              id,
              username: peers.usernames.get(id) ?? "",
              displayName: peers.usernames.get(id) ?? "",
            })),
        };
      },
    });
  });
  const identity = createRouterTransport(({ service }) => {
    service(IdentityService, {
      batchGetMailRecipients(req) {
        return {
          recipients: req.accountIds
            .filter((id) => peers.emails.has(id))
            .map((id) => ({ accountId: id, email: peers.emails.get(id) ?? "" })),
        };
      },
    });
  });
  peers.identityClient = createClient(IdentityService, identity);
  peers.graphClient = createClient(GraphService, graph);
  peers.contentClient = createClient(ContentService, content);
  peers.userClient = createClient(UserService, users);
  return peers;
}
