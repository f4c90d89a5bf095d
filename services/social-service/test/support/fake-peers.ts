import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { ContentService, type Post, PostSchema, Visibility } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { decodeJwt } from "jose";

/** A post as the fake content-service knows it; `visibleTo` set → only those accounts (and the author) see it. */
export interface FakePost {
  id: string;
  authorId: string;
  visibleTo?: Set<string>;
}

/**
 * content-service and graph-service as in-memory Connect routers implementing their protos: the
 * real generated clients call them, so social-service's peer code runs unchanged. Visibility follows
 * content's contract (the viewer is the forwarded token's `sub`; blocked pairs see nothing).
 */
export interface FakePeers {
  posts: Map<string, FakePost>;
  /** "blocker:blocked" pairs. */
  blocks: Set<string>;
  /** "muter:muted" pairs. */
  mutes: Set<string>;
  /** While true the peer answers UNAVAILABLE, as a transport would for a peer that is down. */
  contentDown: boolean;
  graphDown: boolean;
  calls: { getPost: number; batchGetPosts: number; batchCheckRelationships: number };
  addPost(authorId: string, visibleTo?: string[]): string;
  block(blocker: string, blocked: string): void;
  contentClient: ReturnType<typeof createClient<typeof ContentService>>;
  graphClient: ReturnType<typeof createClient<typeof GraphService>>;
}

const unavailable = () => new ConnectError("connection refused", Code.Unavailable);

export function createFakePeers(): FakePeers {
  const peers: FakePeers = {
    posts: new Map(),
    blocks: new Set(),
    mutes: new Set(),
    contentDown: false,
    graphDown: false,
    calls: { getPost: 0, batchGetPosts: 0, batchCheckRelationships: 0 },
    addPost(authorId, visibleTo) {
      const id = Bun.randomUUIDv7();
      peers.posts.set(id, { id, authorId, ...(visibleTo ? { visibleTo: new Set(visibleTo) } : {}) });
      return id;
    },
    block(blocker, blocked) {
      peers.blocks.add(`${blocker}:${blocked}`);
    },
    contentClient: undefined as never,
    graphClient: undefined as never,
  };
  const isBlocked = (a: string, b: string) => peers.blocks.has(`${a}:${b}`) || peers.blocks.has(`${b}:${a}`);
  const viewerOf = (header: Headers): string | undefined => {
    const auth = header.get("authorization");
    return auth ? (decodeJwt(auth.replace(/^Bearer /i, "")).sub ?? undefined) : undefined;
  };
  const visible = (post: FakePost | undefined, viewer: string | undefined): Post | undefined => {
    if (!post) return undefined;
    if (viewer && viewer !== post.authorId && isBlocked(viewer, post.authorId)) return undefined;
    if (post.visibleTo && viewer !== post.authorId && !(viewer && post.visibleTo.has(viewer)))
      return undefined;
    return create(PostSchema, { id: post.id, authorId: post.authorId, visibility: Visibility.PUBLIC });
  };
  const content = createRouterTransport(({ service }) => {
    service(ContentService, {
      getPost(req, call) {
        peers.calls.getPost++;
        if (peers.contentDown) throw unavailable();
        const post = visible(peers.posts.get(req.postId), viewerOf(call.requestHeader));
        if (!post) throw new ConnectError("post not found", Code.NotFound);
        return { post };
      },
      batchGetPosts(req, call) {
        peers.calls.batchGetPosts++;
        if (peers.contentDown) throw unavailable();
        const viewer = viewerOf(call.requestHeader);
        return {
          posts: req.postIds.map((id) => visible(peers.posts.get(id), viewer)).filter((p) => p !== undefined),
        };
      },
      listPostsByAuthors() {
        throw new ConnectError("not used by social-service", Code.Unimplemented);
      },
    });
  });
  const graph = createRouterTransport(({ service }) => {
    service(GraphService, {
      batchCheckRelationships(req) {
        peers.calls.batchCheckRelationships++;
        if (peers.graphDown) throw unavailable();
        return {
          relationships: req.targetIds.map((t) => ({
            targetId: t,
            blocking: peers.blocks.has(`${req.viewerId}:${t}`),
            blockedBy: peers.blocks.has(`${t}:${req.viewerId}`),
            muting: peers.mutes.has(`${req.viewerId}:${t}`),
          })),
        };
      },
    });
  });
  peers.contentClient = createClient(ContentService, content);
  peers.graphClient = createClient(GraphService, graph);
  return peers;
}
