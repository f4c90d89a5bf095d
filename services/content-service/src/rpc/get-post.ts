import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import { NotFoundError } from "@nova/errors";
import { type GetPostRequest, type GetPostResponse, GetPostResponseSchema } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { getPostRow } from "../domain/get-post.ts";
import { toPostMessage } from "../events/post-message.ts";

/** nova.content.v1.ContentService/GetPost (published posts only: a draft is nobody else's business). */
export function getPost(ctx: ServiceContext) {
  return async (req: GetPostRequest, call: HandlerContext): Promise<GetPostResponse> => {
    const viewer = optionalAuth(call);
    const row = await getPostRow({ ctx, viewer, input: { id: req.postId } });
    if (row.status !== "published") throw new NotFoundError("post", req.postId);
    return create(GetPostResponseSchema, { post: toPostMessage(row) });
  };
}
