import { authRequestGate } from "@nova/auth";
import { ContentService } from "@nova/proto/content/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createContentGraphql } from "./graphql/create-content-graphql.ts";
import { mountContentRoutes } from "./http/mount-content-routes.ts";
import { batchGetPosts } from "./rpc/batch-get-posts.ts";
import { exportAccountData } from "./rpc/export-account-data.ts";
import { getPost } from "./rpc/get-post.ts";
import { listPostsByAuthors } from "./rpc/list-posts-by-authors.ts";

/** REST, RPC and GraphQL doors of content-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createContentGraphql(ctx);
  return {
    http: (app) => mountContentRoutes(app, ctx),
    rpc: (router) =>
      router.service(
        ContentService,
        {
          getPost: getPost(ctx),
          batchGetPosts: batchGetPosts(ctx),
          listPostsByAuthors: listPostsByAuthors(ctx),
          exportAccountData: exportAccountData(ctx),
        },
        // Reads are viewer-aware: the forwarded end-user token (optional) decides what is visible.
        { requestGate: authRequestGate(ctx.verifier, { optional: true }) },
      ),
    graphql: (request) => graphql.handle(request),
  };
}
