import { z } from "zod";
import { MODEL_VERSION_IDS } from "./model-versions.ts";

/** Most candidates one RankCandidates call may carry. */
export const MAX_CANDIDATES = 1000;

const id = z.string().trim().min(1, "is required").max(128, "is too long");

export const candidateInput = z.object({
  postId: id,
  authorId: id,
  createdAt: z
    .date({ error: "must be a timestamp" })
    .refine((d) => !Number.isNaN(d.getTime()), "is not a date"),
  source: z.string().max(64, "is too long").default(""),
});

export const rankInput = z
  .object({
    viewerId: id,
    candidates: z
      .array(candidateInput)
      .min(1, "needs at least one candidate")
      .max(MAX_CANDIDATES, `at most ${MAX_CANDIDATES} candidates`),
    seed: z.number().int().min(0).max(0xffff_ffff).optional(),
    modelVersion: z
      .enum(MODEL_VERSION_IDS, { error: `must be one of ${MODEL_VERSION_IDS.join(", ")}` })
      .optional(),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.candidates.forEach((c, i) => {
      if (seen.has(c.postId))
        ctx.addIssue({ code: "custom", path: ["candidates", i, "postId"], message: "is a duplicate" });
      seen.add(c.postId);
    });
  });

export type RankInput = z.input<typeof rankInput>;
