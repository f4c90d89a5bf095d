import type { VerifiedCaller } from "@nova/auth";
import { PermissionDeniedError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import type { EventRow } from "../store/event-row.ts";
import { validate } from "./validate.ts";

export const MAX_FEED_IMPRESSIONS = 500;

const id = z.string().min(1).max(128);
export const feedImpressionsInput = z.object({
  viewerId: id,
  surface: z.string().regex(/^[a-z_]{1,32}$/, "a surface name (a-z, _)"),
  rankingId: id,
  modelVersion: z.string().min(1).max(64),
  servedAt: z.date().refine((d) => !Number.isNaN(d.getTime()), "is not a date"),
  impressions: z
    .array(
      z.object({
        postId: id,
        authorId: id,
        position: z.number().int().min(0).max(10_000),
        score: z.number().min(0).max(1),
        features: z.record(z.string().max(64), z.number().refine(Number.isFinite, "must be finite")),
      }),
    )
    .min(1)
    .max(MAX_FEED_IMPRESSIONS),
});

/**
 * Stores the posts of a ranked page feed-service served (`feed_impression` rows: the viewer, the
 * post, the surface, position, score, ranking id and model version) and passes them on to
 * ranking-service's impression log with their feature values — the data `bun run ranking:evaluate`
 * reads. Only feed-service may call it. The row id is ranking id + post, so a retry stores nothing
 * twice; a ranking-service outage loses only ranking's copy (logged), never analytics' rows.
 */
export async function recordFeedImpressions(args: {
  ctx: ServiceContext;
  caller: VerifiedCaller;
  input: unknown;
}): Promise<{ accepted: number }> {
  const { ctx, caller } = args;
  if (caller.service !== "feed-service")
    throw new PermissionDeniedError("only feed-service records the impressions of the pages it serves");
  const req = validate(feedImpressionsInput, args.input);
  const rows: EventRow[] = req.impressions.map((i) => ({
    id: `feed:${req.rankingId}:${i.postId}`,
    name: "feed_impression",
    accountId: req.viewerId,
    deviceId: null,
    sessionId: null,
    occurredAt: req.servedAt,
    postId: i.postId,
    targetAccountId: null,
    surface: req.surface,
    source: "domain",
    properties: {
      position: i.position,
      score: i.score,
      rankingId: req.rankingId,
      modelVersion: req.modelVersion,
    },
  }));
  const accepted = await ctx.ingest.write(rows);
  if (accepted > 0)
    await ctx.rankingLog
      .logImpressions({
        viewerId: req.viewerId,
        rankingId: req.rankingId,
        modelVersion: req.modelVersion,
        impressions: req.impressions.map((i) => ({ ...i, shownAt: req.servedAt })),
      })
      .catch((err) =>
        ctx.log.warn("ranking impression log unavailable: impressions kept here only", { err }),
      );
  return { accepted };
}
