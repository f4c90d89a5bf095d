import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
import { ContentService } from "@nova/proto/content/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createContentGraphql } from "./graphql/create-content-graphql.ts";
import { mountContentRoutes } from "./http/mount-content-routes.ts";
import { batchCheckPostAccess } from "./rpc/batch-check-post-access.ts";
import { batchGetPosts } from "./rpc/batch-get-posts.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { getPost } from "./rpc/get-post.ts";
import { listCommentsForReindex } from "./rpc/list-comments-for-reindex.ts";
import { listPostsByAuthors } from "./rpc/list-posts-by-authors.ts";
import { listPostsForReindex } from "./rpc/list-posts-for-reindex.ts";

/** REST, RPC and GraphQL doors of content-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createContentGraphql(ctx);
  return {
    http: (app) => mountContentRoutes(app, ctx),
    rpc: (router) =>
      serveRpc(
        router,
        ContentService,
        {
          // Viewer-aware reads: the viewer is the end-user token (the caller's own or the one a
          // service forwards); a service without one sees what an anonymous reader would.
          getPost: publicRpc(getPost(ctx)),
          batchGetPosts: publicRpc(batchGetPosts(ctx)),
          listPostsByAuthors: publicRpc(listPostsByAuthors(ctx)),
          // The account export (identity's job asks each service with the owner's token).
          exportAccountData: internalRpc(exportAccountData(ctx)),
          // GetPost's visibility for a named account (a notification's recipient); notification-service only.
          batchCheckPostAccess: internalRpc(batchCheckPostAccess(ctx)),
          // Every published post/comment, visibility ignored, for search's reindex; search-service only.
          listPostsForReindex: internalRpc(listPostsForReindex(ctx)),
          listCommentsForReindex: internalRpc(listCommentsForReindex(ctx)),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
