import type { ServiceContext } from "../context.ts";
import { actingViewer, type RankingCaller } from "./acting-viewer.ts";
import { type ImpressionsInput, impressionsInput } from "./log-input.ts";
import { validateInput } from "./validate-input.ts";

/** Records the ranked posts a viewer (the caller's: actingViewer) was shown; returns the rows accepted. */
export async function logImpressions({
  ctx,
  caller,
  input,
}: {
  ctx: ServiceContext;
  caller: RankingCaller;
  input: Omit<ImpressionsInput, "viewerId"> & { viewerId?: string };
}): Promise<{ accepted: number }> {
  const viewerId = actingViewer(caller, input.viewerId);
  const req = validateInput(impressionsInput, { ...input, viewerId }, "impression log");
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
