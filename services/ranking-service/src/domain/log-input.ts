import { z } from "zod";
import { FEEDBACK_KINDS } from "../store/impression-store.ts";

/** Most rows one LogImpressions or LogFeedback call may carry. */
export const MAX_LOG_ROWS = 1000;

const id = z.string().trim().min(1, "is required").max(128, "is too long");
const when = z
  .date({ error: "must be a timestamp" })
  .refine((d) => !Number.isNaN(d.getTime()), "is not a date");

export const impressionsInput = z.object({
  viewerId: id,
  rankingId: id,
  modelVersion: z.string().trim().min(1, "is required").max(64, "is too long"),
  impressions: z
    .array(
      z.object({
        postId: id,
        authorId: id,
        position: z.number().int().min(0).max(100_000),
        score: z.number().min(0).max(1),
        features: z.record(z.string().max(64), z.number().refine(Number.isFinite, "must be finite")),
        shownAt: when,
      }),
    )
    .min(1, "needs at least one impression")
    .max(MAX_LOG_ROWS, `at most ${MAX_LOG_ROWS} impressions`),
});

export const feedbackInput = z.object({
  viewerId: id,
  feedback: z
    .array(
      z.object({
        postId: id,
        kind: z.enum(FEEDBACK_KINDS, { error: `must be one of ${FEEDBACK_KINDS.join(", ")}` }),
        at: when,
      }),
    )
    .min(1, "needs at least one feedback item")
    .max(MAX_LOG_ROWS, `at most ${MAX_LOG_ROWS} feedback items`),
});

export type ImpressionsInput = z.input<typeof impressionsInput>;
export type FeedbackInput = z.input<typeof feedbackInput>;
