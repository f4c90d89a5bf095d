import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { ContentService } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { IdentityService } from "@nova/proto/identity/v1";
import { UserService } from "@nova/proto/user/v1";

/** A post as the fake content-service knows it. */
export interface FakePost {
  authorId: string;
  visibility: "public" | "followers" | "mentioned";
  mentioned?: string[];
}

/**
 * graph, content and user services as in-memory Connect routers implementing their protos (the
 * real generated clients call them). Content's BatchCheckPostAccess follows content's rule in
 * small (the author; never across a block; `mentioned` only the mentioned; `followers` only
 * followers; content-service's own tests check the real rule): a post not in `posts` is unknown.
 */
export interface FakePeers {
  blocks: Set<string>;
  mutes: Set<string>;
  follows: Set<string>;
  /** Posts content knows: id → author and audience. */
  posts: Map<string, FakePost>;
  /** Every (viewer, post) content was asked about, in order. */
  accessChecks: { viewerId: string; postId: string }[];
  usernames: Map<string, string>;
  /** Verified addresses identity would give out. */
  emails: Map<string, string>;
  graphDown: boolean;
  contentDown: boolean;
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
    posts: new Map<string, FakePost>(),
    accessChecks: [] as FakePeers["accessChecks"],
    usernames: new Map<string, string>(),
    emails: new Map<string, string>(),
    graphDown: false,
    contentDown: false,
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
    });
  });
  const content = createRouterTransport(({ service }) => {
    service(ContentService, {
      batchCheckPostAccess(req) {
        if (peers.contentDown) throw new ConnectError("down", Code.Unavailable);
        const blocked = (a: string, b: string) =>
          peers.blocks.has(`${a}:${b}`) || peers.blocks.has(`${b}:${a}`);
        return {
          posts: [...new Set(req.postIds)].map((postId) => {
            peers.accessChecks.push({ viewerId: req.viewerId, postId });
            const post = peers.posts.get(postId);
            const visible =
              !!post &&
              (post.authorId === req.viewerId ||
                (!blocked(req.viewerId, post.authorId) &&
                  (post.visibility === "public" ||
                    (post.visibility === "followers" &&
                      peers.follows.has(`${req.viewerId}:${post.authorId}`)) ||
                    (post.visibility === "mentioned" && !!post.mentioned?.includes(req.viewerId)))));
            return { postId, visible, authorId: visible && post ? post.authorId : "" };
          }),
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
