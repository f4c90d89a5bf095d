import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { type Comment, ContentService, type Post } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { SocialService } from "@nova/proto/social/v1";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import { UserService } from "@nova/proto/user/v1";

export interface FakeProfile {
  id: string;
  username: string;
  displayName?: string;
  bio?: string;
  privateAccount?: boolean;
  language?: string;
}

/** Lists a map's values in id order, a page at a time, as the owners' reindex RPCs do. */
function idPage<T>(all: Map<string, T>, cursor: string, pageSize: number) {
  const ids = [...all.keys()].sort().filter((id) => !cursor || id > cursor);
  const page = ids.slice(0, pageSize || 200);
  const more = ids.length > page.length;
  return { items: page.map((id) => all.get(id) as T), nextCursor: more ? (page.at(-1) ?? "") : "" };
}

/**
 * user, social, graph, content and trust-safety services as in-memory Connect routers implementing their protos: the real
 * generated clients call them, so search's peer code runs unchanged.
 */
export interface FakePeers {
  profiles: Map<string, FakeProfile>;
  /** content-service's published posts and comments (kept by the harness as events are delivered). */
  posts: Map<string, { post: Post; hidden: boolean }>;
  comments: Map<string, { comment: Comment; hidden: boolean }>;
  counts: Map<string, { likes: number; comments: number; reposts: number }>;
  /** trust-safety's actions in force, by "subjectId:action" (kept by the harness from EnforcementChanged). */
  enforcements: Map<
    string,
    { subjectType: string; subjectId: string; subjectAccountId: string; action: string }
  >;
  /** "follower:followee" (approved). */
  follows: Set<string>;
  /** "blocker:blocked". */
  blocks: Set<string>;
  /** "muter:muted". */
  mutes: Set<string>;
  graphDown: boolean;
  userClient: ReturnType<typeof createClient<typeof UserService>>;
  socialClient: ReturnType<typeof createClient<typeof SocialService>>;
  graphClient: ReturnType<typeof createClient<typeof GraphService>>;
  contentClient: ReturnType<typeof createClient<typeof ContentService>>;
  trustSafetyClient: ReturnType<typeof createClient<typeof TrustSafetyService>>;
}

export function createFakePeers(): FakePeers {
  const peers = {
    profiles: new Map(),
    posts: new Map(),
    comments: new Map(),
    counts: new Map(),
    enforcements: new Map(),
    follows: new Set(),
    blocks: new Set(),
    mutes: new Set(),
    graphDown: false,
  } as unknown as FakePeers;
  const pairs = (set: Set<string>, side: 0 | 1, id: string) =>
    [...set]
      .map((p) => p.split(":") as [string, string])
      .filter((p) => p[side] === id)
      .map((p) => p[side === 0 ? 1 : 0]);
  const user = createRouterTransport(({ service }) => {
    service(UserService, {
      batchGetProfiles(req) {
        return {
          profiles: req.ids.flatMap((id) => {
            const p = peers.profiles.get(id);
            return p
              ? [
                  {
                    id,
                    username: p.username,
                    displayName: p.displayName ?? "",
                    bio: p.bio ?? "",
                    privateAccount: !!p.privateAccount,
                  },
                ]
              : [];
          }),
        };
      },
      listProfilesForReindex(req) {
        const page = idPage(peers.profiles, req.cursor, req.pageSize);
        return {
          profiles: page.items.map((p) => ({
            id: p.id,
            username: p.username,
            displayName: p.displayName ?? "",
            bio: p.bio ?? "",
            privateAccount: !!p.privateAccount,
            language: p.language ?? "en",
          })),
          nextCursor: page.nextCursor,
        };
      },
    });
  });
  const content = createRouterTransport(({ service }) => {
    service(ContentService, {
      listPostsForReindex(req) {
        const page = idPage(peers.posts, req.cursor, req.pageSize);
        return { posts: page.items, nextCursor: page.nextCursor };
      },
      listCommentsForReindex(req) {
        const page = idPage(peers.comments, req.cursor, req.pageSize);
        return { comments: page.items, nextCursor: page.nextCursor };
      },
    });
  });
  const trustSafety = createRouterTransport(({ service }) => {
    service(TrustSafetyService, {
      listActiveEnforcements(req) {
        const page = idPage(peers.enforcements, req.cursor, req.pageSize);
        return {
          enforcements: page.items.map((e) => ({ ...e, actionId: `${e.subjectId}:${e.action}` })),
          nextCursor: page.nextCursor,
        };
      },
    });
  });
  const social = createRouterTransport(({ service }) => {
    service(SocialService, {
      batchGetEngagement(req) {
        return {
          engagements: req.postIds.map((postId) => {
            const c = peers.counts.get(postId) ?? { likes: 0, comments: 0, reposts: 0 };
            return {
              postId,
              counts: {
                likes: BigInt(c.likes),
                comments: BigInt(c.comments),
                reposts: BigInt(c.reposts),
                quotes: 0n,
                bookmarks: 0n,
              },
            };
          }),
        };
      },
    });
  });
  const graph = createRouterTransport(({ service }) => {
    service(GraphService, {
      listFollowing(req) {
        if (peers.graphDown) throw new ConnectError("connection refused", Code.Unavailable);
        return { followingIds: pairs(peers.follows, 0, req.accountId), nextCursor: "" };
      },
      listBlockedAndMuted(req) {
        if (peers.graphDown) throw new ConnectError("connection refused", Code.Unavailable);
        return {
          blockingIds: pairs(peers.blocks, 0, req.accountId),
          blockedByIds: pairs(peers.blocks, 1, req.accountId),
          mutingIds: pairs(peers.mutes, 0, req.accountId),
        };
      },
    });
  });
  peers.userClient = createClient(UserService, user);
  peers.socialClient = createClient(SocialService, social);
  peers.graphClient = createClient(GraphService, graph);
  peers.contentClient = createClient(ContentService, content);
  peers.trustSafetyClient = createClient(TrustSafetyService, trustSafety);
  return peers;
}
