import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { changeRecorder } from "./change-recorder.ts";
import { accountIdSchema, requireOther, validateInput } from "./graph-input.ts";
import { type RelationshipView, toRelationshipView } from "./relationship-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const inputSchema = z.object({ id: accountIdSchema });

/**
 * Blocks (`blocked: true`) or unblocks an account. A block removes follows and follow requests both
 * ways in the same write. Idempotent either way.
 */
export async function setBlock(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
  blocked: boolean;
  traceparent?: string | undefined;
}): Promise<RelationshipView> {
  const { ctx } = args;
  const viewerId = requireViewer(args.viewer);
  const { id } = validateInput(inputSchema, args.input, "block");
  requireOther(viewerId, id, "block");
  const recorder = changeRecorder(ctx, args.traceparent);
  if (args.blocked)
    await ctx.store.block({ blockerId: viewerId, blockedId: id, at: ctx.clock() }, recorder.record);
  else await ctx.store.unblock({ blockerId: viewerId, blockedId: id }, recorder.record);
  await recorder.afterCommit();
  return toRelationshipView(id, await ctx.relationships.between(viewerId, id));
}
