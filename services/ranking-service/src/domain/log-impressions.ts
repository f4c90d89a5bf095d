import type { ServiceContext } from "../context.ts";
import { type ImpressionsInput, impressionsInput } from "./log-input.ts";
import { validateInput } from "./validate-input.ts";

/** Records the ranked posts a viewer was shown; returns how many rows were accepted. */
export async function logImpressions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ImpressionsInput;
}): Promise<{ accepted: number }> {
  const req = validateInput(impressionsInput, input, "impression log");
  await ctx.impressions.recordImpressions(
    req.impressions.map((i) => ({
      ...i,
      rankingId: req.rankingId,
      viewerId: req.viewerId,
      modelVersion: req.modelVersion,
    })),
  );
  return { accepted: req.impressions.length };
}
