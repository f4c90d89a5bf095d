import { z } from "@hono/zod-openapi";

/** OpenAPI shapes of the REST responses (the domain's views, as JSON). */
const count = z.number().int().min(0);
const nextCursor = z.string().nullable().openapi({ description: "Null on the last page" });
const short = (max: number, description?: string) =>
  z
    .string()
    .max(max)
    .optional()
    .openapi(description ? { description } : {});

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    avatarMediaId: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    private: z.boolean(),
  })
  .openapi("SearchUser");

export const postHitSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["post", "comment"]),
    postId: z.string(),
    author: z.object({
      id: z.string(),
      username: z.string().nullable(),
      displayName: z.string().nullable(),
      avatarUrl: z.string().nullable(),
    }),
    snippet: z.string().openapi({ description: "HTML-escaped text, matches wrapped in <mark>" }),
    hashtags: z.array(z.string()),
    createdAt: z.string(),
    counts: z.object({ likes: count, comments: count, reposts: count }),
  })
  .openapi("SearchPost");

export const hashtagSchema = z.object({ tag: z.string(), uses: count }).openapi("SearchHashtag");

export const userPageSchema = z.object({ items: z.array(userSchema), nextCursor }).openapi("SearchUserPage");
export const postPageSchema = z
  .object({ items: z.array(postHitSchema), nextCursor })
  .openapi("SearchPostPage");
export const hashtagListSchema = z.object({ items: z.array(hashtagSchema) }).openapi("SearchHashtagList");
export const suggestSchema = z
  .object({
    items: z.array(
      z.union([
        userSchema.extend({ type: z.literal("user") }),
        z.object({ type: z.literal("hashtag"), tag: z.string(), uses: count }),
      ]),
    ),
  })
  .openapi("SearchSuggestions");
export const trendListSchema = z
  .object({ items: z.array(z.object({ tag: z.string(), accounts: count, score: z.number() })) })
  .openapi("TrendingHashtags");
export const recentSchema = z
  .object({ items: z.array(z.object({ query: z.string(), searchedAt: z.string() })) })
  .openapi("RecentSearches");
export const removedSchema = z.object({ removed: count }).openapi("RecentSearchesRemoved");

/** Query parameters; the verbs validate them (400 naming the field), the schema only bounds sizes. */
export const usersQuery = z.object({
  q: short(400, "1..200 characters"),
  limit: short(4, "1..50, default 20"),
  cursor: short(200),
});
export const postsQuery = usersQuery.extend({
  sort: short(10, "top (default) or latest"),
  from: short(100, "author username"),
  since: short(40, "ISO-8601"),
  until: short(40, "ISO-8601"),
  hashtag: short(100),
  lang: short(20, "BCP 47 language of the posts (de, pt-BR, …)"),
});
export const textQuery = z.object({ q: short(400, "1..200 characters"), limit: short(4) });
export const limitQuery = z.object({ limit: short(4, "1..50, default 10") });
export const recentQuery = z.object({ q: short(400, "forget only this search") });

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    503: "graph-service unreachable (visibility cannot be decided)",
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
export const suggestQuery = z.object({
  q: short(400, "1..200 characters; @… accounts only, #… hashtags only"),
});
