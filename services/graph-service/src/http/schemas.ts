import { z } from "@hono/zod-openapi";

/** OpenAPI shapes of the REST requests and responses (the domain's views, as JSON). */
export const idParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "0192f6b4-7c1e-7d3a-9a51-3c2b9f4d8e10" }),
});

export const pageQuery = z.object({
  limit: z.string().optional().openapi({ description: "1..100, default 20" }),
  cursor: z.string().optional().openapi({ description: "nextCursor of the previous page" }),
});

export const relationshipSchema = z
  .object({
    id: z.string(),
    following: z.boolean(),
    followedBy: z.boolean(),
    requested: z.boolean().openapi({ description: "You have a pending follow request to them" }),
    requestedBy: z.boolean().openapi({ description: "They have a pending follow request to you" }),
    blocking: z.boolean(),
    blockedBy: z.boolean(),
    muting: z.boolean(),
  })
  .openapi("Relationship");

export const accountPageSchema = z
  .object({
    items: z.array(z.object({ id: z.string(), since: z.string() })),
    nextCursor: z.string().nullable(),
  })
  .openapi("AccountPage");

export const countsSchema = z
  .object({ id: z.string(), followers: z.number().int(), following: z.number().int() })
  .openapi("FollowCounts");

export const suggestionSchema = z
  .object({ id: z.string(), mutualCount: z.number().int(), lastFollowedAt: z.string() })
  .openapi("Suggestion");

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** A JSON 200 response. */
export const ok = (schema: z.ZodType, description: string) => ({
  200: { description, content: { "application/json": { schema } } },
});

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Not allowed (blocked, or a private account's lists)",
    404: "No such account or follow request",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

export const bearer = [{ bearerAuth: [] }];
