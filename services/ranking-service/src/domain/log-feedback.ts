import type { ServiceContext } from "../context.ts";
import { actingViewer, type RankingCaller } from "./acting-viewer.ts";
import { type FeedbackInput, feedbackInput } from "./log-input.ts";
import { validateInput } from "./validate-input.ts";

/** Records what a viewer (the caller's: actingViewer) did with shown posts; returns the rows accepted. */
export async function logFeedback({
  ctx,
  caller,
  input,
}: {
  ctx: ServiceContext;
  caller: RankingCaller;
  input: Omit<FeedbackInput, "viewerId"> & { viewerId?: string };
}): Promise<{ accepted: number }> {
  const viewerId = actingViewer(caller, input.viewerId);
  const req = validateInput(feedbackInput, { ...input, viewerId }, "feedback log");
  await ctx.impressions.recordFeedback(req.feedback.map((f) => ({ ...f, viewerId: req.viewerId })));
  return { accepted: req.feedback.length };
}
