import { internalRpc, publicRpc, serveRpc } from "@nova/auth";
import { MediaService } from "@nova/proto/media/v1";
import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";
import { createMediaGraphql } from "./graphql/create-media-graphql.ts";
import { mountMediaServiceRoutes } from "./http/mount-media-routes.ts";
import { mediaRpcs } from "./rpc/media-rpcs.ts";
import { uploadRpcs } from "./rpc/upload-rpcs.ts";

/** REST, RPC and GraphQL doors of media-service; each delegates to a verb in src/domain/. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  const graphql = createMediaGraphql(ctx);
  const rpcs = mediaRpcs(ctx);
  const uploads = uploadRpcs(ctx);
  return {
    http: (app) => mountMediaServiceRoutes(app, ctx),
    rpc: (router) =>
      serveRpc(
        router,
        MediaService,
        // Internal: content-service and user-service attach/read media for the account they
        // verified; identity-service asks for the export with the owner's token. Public: upload
        // sessions, for the account of the caller's own token.
        {
          batchGetMedia: internalRpc(rpcs.batchGetMedia),
          attachMedia: internalRpc(rpcs.attachMedia),
          releaseMedia: internalRpc(rpcs.releaseMedia),
          exportAccountData: internalRpc(rpcs.exportAccountData),
          createMediaUpload: publicRpc(uploads.createMediaUpload),
          getMediaUpload: publicRpc(uploads.getMediaUpload),
          completeMediaUpload: publicRpc(uploads.completeMediaUpload),
        },
        ctx,
      ),
    graphql: (request) => graphql.handle(request),
  };
}
