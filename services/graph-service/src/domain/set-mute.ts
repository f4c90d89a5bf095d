import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { changeRecorder } from "./change-recorder.ts";
import { accountIdSchema, requireOther, validateInput } from "./graph-input.ts";
import { type RelationshipView, toRelationshipView } from "./relationship-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const inputSchema = z.object({ id: accountIdSchema });

/** Mutes (`muted: true`) or unmutes an account; one-way, never shown to the muted account. Idempotent. */
export async function setMute(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
  muted: boolean;
  traceparent?: string | undefined;
}): Promise<RelationshipView> {
  const { ctx } = args;
  const viewerId = requireViewer(args.viewer);
  const { id } = validateInput(inputSchema, args.input, "mute");
  requireOther(viewerId, id, "mute");
  const recorder = changeRecorder(ctx, args.traceparent);
  if (args.muted) await ctx.store.mute({ muterId: viewerId, mutedId: id, at: ctx.clock() }, recorder.record);
  else await ctx.store.unmute({ muterId: viewerId, mutedId: id }, recorder.record);
  await recorder.afterCommit();
  return toRelationshipView(id, await ctx.relationships.between(viewerId, id));
}
