import { z } from "@hono/zod-openapi";

/** OpenAPI shapes of the REST responses (the domain's views, as JSON). */
const count = z.number().int().min(0);

export const countsSchema = z
  .object({ likes: count, comments: count, reposts: count, quotes: count, bookmarks: count })
  .openapi("EngagementCounts");

export const viewerStateSchema = z
  .object({ liked: z.boolean(), reposted: z.boolean(), bookmarked: z.boolean() })
  .openapi("ViewerState");

export const engagementSchema = z
  .object({
    postId: z.string().openapi({ example: "0192f6b4-7c1e-7d3a-9a51-3c2b9f4d8e10" }),
    counts: countsSchema,
    viewerState: viewerStateSchema,
  })
  .openapi("PostEngagement");

export const commentLikeSchema = z
  .object({ commentId: z.string(), likes: count, liked: z.boolean() })
  .openapi("CommentLike");

export const repostSchema = z
  .object({
    repostId: z.string().nullable(),
    createdAt: z.string().nullable(),
    created: z.boolean(),
    engagement: engagementSchema,
  })
  .openapi("Repost");

const nextCursor = z.string().nullable().openapi({ description: "Null on the last page" });

export const bookmarkPageSchema = z
  .object({ items: z.array(z.object({ postId: z.string(), bookmarkedAt: z.string() })), nextCursor })
  .openapi("BookmarkPage");

export const likedPostPageSchema = z
  .object({ items: z.array(z.object({ postId: z.string(), likedAt: z.string() })), nextCursor })
  .openapi("LikedPostPage");

export const likerPageSchema = z
  .object({ items: z.array(z.object({ accountId: z.string(), likedAt: z.string() })), nextCursor })
  .openapi("LikerPage");

/** Path and query parameters; the verbs validate ids and cursors themselves (400 naming the field). */
export const postParams = z.object({ id: z.string().max(64) });
export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.string().max(4).optional().openapi({ description: "1..100, default 20" }),
});

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Not allowed",
    404: "No such post or comment, or not visible to you",
    503: "content-service or graph-service unreachable: nothing was changed",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

/** A 200 JSON response with the given schema. */
export const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { "application/json": { schema } } },
});
