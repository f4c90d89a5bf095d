import { z } from "@hono/zod-openapi";
import { mediaObjectSchema } from "@nova/media-view";

/** OpenAPI shapes of the REST responses (the domain's views, as JSON). */
const count = z.number().int().min(0);

export const timelinePostSchema = z
  .object({
    id: z.string(),
    authorId: z.string(),
    text: z.string(),
    mediaIds: z.array(z.string()),
    media: z
      .array(mediaObjectSchema)
      .openapi({ description: "The media objects (media-service), in order; [] when it could not answer" }),
    visibility: z.enum(["public", "followers", "mentioned"]),
    replyToPostId: z.string().nullable(),
    quoteOfPostId: z.string().nullable(),
    contentWarning: z.string().nullable(),
    hashtags: z.array(z.string()),
    edited: z.boolean(),
    publishedAt: z.string().nullable(),
    author: z
      .object({
        id: z.string(),
        username: z.string(),
        displayName: z.string(),
        avatarMediaId: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: "The author's profile (user-service); null when it could not be had" }),
    counts: z.object({ likes: count, comments: count, reposts: count, quotes: count, bookmarks: count }),
    viewerState: z.object({ liked: z.boolean(), reposted: z.boolean(), bookmarked: z.boolean() }),
  })
  .openapi("TimelinePost");

/** A cursor page of `item`s, named `name` in the OpenAPI document. */
const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "Null on the last page" }),
    })
    .openapi(name);

export const timelinePageSchema = pageOf(timelinePostSchema, "TimelinePage");

export const userTimelineItemSchema = timelinePostSchema
  .extend({
    repostedAt: z.string().nullable().openapi({
      description:
        "When the account reposted this post (the item is the original post: authorId is its author); null for the account's own posts",
    }),
  })
  .openapi("UserTimelineItem");

export const userTimelinePageSchema = pageOf(userTimelineItemSchema, "UserTimelinePage");

export const forYouItemSchema = timelinePostSchema
  .extend({
    source: z.enum(["following", "friends_of_friends", "trending"]).openapi({
      description:
        "Why it is a candidate: a followed author's post, a post followed accounts engaged with, or trending",
    }),
  })
  .openapi("ForYouItem");

export const forYouPageSchema = z
  .object({
    items: z.array(forYouItemSchema),
    ranked: z.boolean().openapi({ description: "False when ranking was unavailable: chronological order" }),
    fallbackReason: z.string().nullable(),
    modelVersion: z.string().nullable(),
    nextCursor: z.string().nullable().openapi({ description: "Null on the last page" }),
  })
  .openapi("ForYouPage");

export const pageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20).openapi({ description: "1..50, default 20" }),
});

export const userParams = z.object({ id: z.string().max(64) });

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

const DESCRIBED: Record<number, string> = {
  400: "Invalid request (names each bad field)",
  401: "Missing or invalid access token",
  503: "A peer (graph, content or social) is unreachable",
};

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: DESCRIBED[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}
