import { NotFoundError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { changeRecorder } from "./change-recorder.ts";
import { accountIdSchema, validateInput } from "./graph-input.ts";
import { type RelationshipView, toRelationshipView } from "./relationship-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const inputSchema = z.object({ id: accountIdSchema });

export type Settlement = "approve" | "deny" | "cancel";

/**
 * Approves or denies a request made *to* the viewer (`id` = requester), or cancels one the viewer
 * made (`id` = target). Only the two parties can settle a request, and each only their own way:
 * a request that is not theirs in that direction is a 404. Returns the viewer's relationship to `id`.
 */
export async function settleFollowRequest(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  how: Settlement;
  input: { id: string };
  traceparent?: string | undefined;
}): Promise<RelationshipView> {
  const { ctx, how } = args;
  const viewerId = requireViewer(args.viewer);
  const { id } = validateInput(inputSchema, args.input, "follow request");
  const recorder = changeRecorder(ctx, args.traceparent);
  const settled =
    how === "approve"
      ? await ctx.store.approveRequest(
          { requesterId: id, targetId: viewerId, at: ctx.clock() },
          recorder.record,
        )
      : how === "deny"
        ? await ctx.store.deleteRequest(
            { requesterId: id, targetId: viewerId, reason: "denied" },
            recorder.record,
          )
        : await ctx.store.deleteRequest(
            { requesterId: viewerId, targetId: id, reason: "cancelled" },
            recorder.record,
          );
  await recorder.afterCommit();
  if (!settled) throw new NotFoundError("follow request");
  return toRelationshipView(id, await ctx.relationships.between(viewerId, id));
}
