import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { changeRecorder } from "./change-recorder.ts";
import { accountIdSchema, validateInput } from "./graph-input.ts";
import { type RelationshipView, toRelationshipView } from "./relationship-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const inputSchema = z.object({ id: accountIdSchema });

/** Stops following an account, and withdraws a pending request to it. Idempotent. */
export async function unfollowAccount(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
  traceparent?: string | undefined;
}): Promise<RelationshipView> {
  const { ctx } = args;
  const viewerId = requireViewer(args.viewer);
  const { id } = validateInput(inputSchema, args.input, "unfollow");
  await ctx.writeLimits.consume("follows", viewerId);
  const recorder = changeRecorder(ctx, args.traceparent);
  await ctx.store.unfollow({ followerId: viewerId, followeeId: id }, recorder.record);
  await ctx.store.deleteRequest(
    { requesterId: viewerId, targetId: id, reason: "cancelled" },
    recorder.record,
  );
  await recorder.afterCommit();
  return toRelationshipView(id, await ctx.relationships.between(viewerId, id));
}
