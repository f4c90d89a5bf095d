import type { ServiceContext } from "../context.ts";
import { type FeedbackInput, feedbackInput } from "./log-input.ts";
import { validateInput } from "./validate-input.ts";

/** Records what a viewer did with shown posts; returns how many rows were accepted. */
export async function logFeedback({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: FeedbackInput;
}): Promise<{ accepted: number }> {
  const req = validateInput(feedbackInput, input, "feedback log");
  await ctx.impressions.recordFeedback(req.feedback.map((f) => ({ ...f, viewerId: req.viewerId })));
  return { accepted: req.feedback.length };
}
