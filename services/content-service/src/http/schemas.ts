import { z } from "@hono/zod-openapi";
import { mediaObjectSchema } from "@nova/media-view";
import { POST_STATUSES, REPLY_POLICIES, VISIBILITIES } from "../db/schema/index.ts";

/** OpenAPI shapes of the REST responses (the domain's views, as JSON). */
export const postSchema = z
  .object({
    id: z.string().openapi({ example: "0192f6b4-7c1e-7d3a-9a51-3c2b9f4d8e10" }),
    authorId: z.string(),
    text: z.string(),
    mediaIds: z.array(z.string()),
    replyToPostId: z.string().nullable(),
    quoteOfPostId: z.string().nullable(),
    visibility: z.enum(VISIBILITIES),
    contentWarning: z.string().nullable(),
    hashtags: z.array(z.string()),
    mentionedUserIds: z.array(z.string()),
    replyPolicy: z.enum(REPLY_POLICIES),
    quotesAllowed: z.boolean(),
    status: z.enum(POST_STATUSES),
    scheduledAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    edited: z.boolean(),
    editedAt: z.string().nullable(),
    commentCount: z.number().int(),
    createdAt: z.string(),
    moderation: z
      .object({
        labels: z.array(z.string()),
        hiddenReason: z.string().nullable(),
        pendingReview: z.boolean(),
      })
      .openapi("PostModeration", {
        description: "Labels to blur behind; why it is hidden (its author only sees a hidden post)",
      }),
    media: z
      .array(mediaObjectSchema)
      .optional()
      .openapi({ description: "The media objects (media-service), in order" }),
  })
  .openapi("Post");

export const postPageSchema = z
  .object({ posts: z.array(postSchema), nextCursor: z.string().nullable() })
  .openapi("PostPage");

export const postVersionSchema = z
  .object({
    text: z.string(),
    mediaIds: z.array(z.string()),
    contentWarning: z.string().nullable(),
    replacedAt: z.string(),
  })
  .openapi("PostVersion");

export const commentSchema = z
  .object({
    id: z.string(),
    postId: z.string(),
    authorId: z.string(),
    parentCommentId: z.string().nullable(),
    text: z.string(),
    mediaIds: z.array(z.string()),
    replyCount: z.number().int(),
    createdAt: z.string(),
    hiddenReason: z.string().nullable(),
    moderationLabels: z.array(z.string()).openapi({
      description: "Trust & safety labels (e.g. spam, nsfw): clients blur the comment behind them",
    }),
    media: z
      .array(mediaObjectSchema)
      .optional()
      .openapi({ description: "The media objects (media-service), in order" }),
  })
  .openapi("Comment");

export const commentPageSchema = z
  .object({ comments: z.array(commentSchema), nextCursor: z.string().nullable() })
  .openapi("CommentPage");

/** `?limit=&cursor=` of every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
};

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Not allowed (author-only change, reply or quote controls)",
    404: "No such post or comment, or not visible to the caller",
    412: "Refused by moderation",
    422: "Refused by trust & safety's checks (reasonCode names the rule)",
    503: "A peer needed to check the rules is unavailable; nothing was changed",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

type JsonResponse<T> = { description: string; content: { "application/json": { schema: T } } };

/** A JSON success response keyed by its status (typed, so handlers must return that shape). */
export const json = <S extends 200 | 201, T extends z.ZodType>(status: S, description: string, schema: T) =>
  ({ [status]: { description, content: { "application/json": { schema } } } }) as {
    [K in S]: JsonResponse<T>;
  };
