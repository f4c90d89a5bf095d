import { z } from "@hono/zod-openapi";
import { MODEL_FEATURES, MODEL_VERSION_IDS } from "../domain/model-versions.ts";
import { FEEDBACK_KINDS } from "../store/impression-store.ts";

/** OpenAPI shapes of the REST requests and responses (the domain's views, as JSON). */
const timestamp = z.iso.datetime({ offset: true }).openapi({ example: "2026-11-27T06:00:00Z" });

/** Optional: the viewer is always the access token's account; naming another account is a 403. */
const viewerIdSchema = z.string().optional().openapi({
  description: "The token's own account id, or omitted (another account's id is refused with 403)",
  example: "0192f6b4-7c1e-7d3a-9a51-3c2b9f4d8e10",
});

export const rankRequestSchema = z
  .object({
    viewerId: viewerIdSchema,
    candidates: z.array(
      z.object({
        postId: z.string(),
        authorId: z.string(),
        createdAt: timestamp,
        source: z.string().optional().openapi({ example: "following" }),
      }),
    ),
    seed: z
      .number()
      .int()
      .optional()
      .openapi({ description: "Exploration seed (uint32); default derived from the input" }),
    modelVersion: z.enum(MODEL_VERSION_IDS).optional(),
  })
  .openapi("RankRequest");

const contributionSchema = z.object({
  feature: z.enum(["bias", ...MODEL_FEATURES]),
  value: z.number(),
  weight: z.number(),
  logit: z.number(),
  contribution: z.number().openapi({ description: "Share of the score; the contributions sum to the score" }),
});

export const rankingSchema = z
  .object({
    rankingId: z.string(),
    modelVersion: z.string(),
    seed: z.number().int(),
    featuresDegraded: z.boolean(),
    degradedReason: z.string(),
    ranked: z.array(
      z.object({
        postId: z.string(),
        authorId: z.string(),
        source: z.string(),
        score: z.number(),
        position: z.number().int(),
        explored: z.boolean(),
        features: z.record(z.string(), z.number()),
        contributions: z.array(contributionSchema),
        explanation: z.string(),
      }),
    ),
  })
  .openapi("Ranking");

export const impressionsRequestSchema = z
  .object({
    viewerId: viewerIdSchema,
    rankingId: z.string(),
    modelVersion: z.string(),
    impressions: z.array(
      z.object({
        postId: z.string(),
        authorId: z.string(),
        position: z.number().int(),
        score: z.number(),
        features: z.record(z.string(), z.number()),
        shownAt: timestamp,
      }),
    ),
  })
  .openapi("ImpressionLog");

export const feedbackRequestSchema = z
  .object({
    viewerId: viewerIdSchema,
    feedback: z.array(z.object({ postId: z.string(), kind: z.enum(FEEDBACK_KINDS), at: timestamp })),
  })
  .openapi("FeedbackLog");

export const acceptedSchema = z.object({ accepted: z.number().int() }).openapi("Accepted");

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** A JSON 200 response. */
export const ok = (schema: z.ZodType, description: string) => ({
  200: { description, content: { "application/json": { schema } } },
});

/** The JSON request body of a route. */
export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  body: { required: true, content: { "application/json": { schema } } },
});

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "No valid access token",
    403: "viewerId names another account",
    413: "Body too large",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}
