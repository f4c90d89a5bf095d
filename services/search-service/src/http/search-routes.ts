import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { clearMyRecentSearches, listMyRecentSearches } from "../domain/recent-searches.ts";
import { searchHashtags } from "../domain/search-hashtags.ts";
import { searchPosts } from "../domain/search-posts.ts";
import { searchUsers } from "../domain/search-users.ts";
import { suggest } from "../domain/suggest.ts";
import { trendingHashtags } from "../domain/trending-hashtags.ts";
import {
  hashtagListSchema,
  limitQuery,
  ok,
  postPageSchema,
  postsQuery,
  problems,
  recentQuery,
  recentSchema,
  removedSchema,
  suggestQuery,
  suggestSchema,
  textQuery,
  trendListSchema,
  userPageSchema,
  usersQuery,
} from "./schemas.ts";
import type { SearchEnv } from "./search-env.ts";

const bearer = [{ bearerAuth: [] }];
const optionalBearer: { bearerAuth?: string[] }[] = [{}, { bearerAuth: [] }];

export const searchUsersRoute = createRoute({
  method: "get",
  path: "/api/v1/search/users",
  tags: ["search"],
  summary: "People search: exact username, then name prefixes, then one-typo matches",
  security: optionalBearer,
  request: { query: usersQuery },
  responses: { ...ok("A page of accounts", userPageSchema), ...problems(400, 503) },
});

export const searchPostsRoute = createRoute({
  method: "get",
  path: "/api/v1/search/posts",
  tags: ["search"],
  summary: "Post search (only what you may see; sort=top|latest; from, hashtag, since, until)",
  security: optionalBearer,
  request: { query: postsQuery },
  responses: { ...ok("A page of posts and comments", postPageSchema), ...problems(400, 503) },
});

export const searchHashtagsRoute = createRoute({
  method: "get",
  path: "/api/v1/search/hashtags",
  tags: ["search"],
  summary: "Hashtags by prefix and one typo, most used first",
  request: { query: textQuery },
  responses: { ...ok("Hashtags", hashtagListSchema), ...problems(400) },
});

export const suggestRoute = createRoute({
  method: "get",
  path: "/api/v1/search/suggest",
  tags: ["search"],
  summary: "Typeahead: accounts and hashtags by prefix (at most 10)",
  security: optionalBearer,
  request: { query: suggestQuery },
  responses: { ...ok("Suggestions", suggestSchema), ...problems(400, 503) },
});

export const trendsRoute = createRoute({
  method: "get",
  path: "/api/v1/trends/hashtags",
  tags: ["search"],
  summary: "Hashtags rising now (each account counts once per hashtag per window)",
  request: { query: limitQuery },
  responses: { ...ok("Trending hashtags", trendListSchema), ...problems(400) },
});

export const listRecentRoute = createRoute({
  method: "get",
  path: "/api/v1/search/recent",
  tags: ["search"],
  summary: "Your recent searches, newest first",
  security: bearer,
  responses: { ...ok("Recent searches", recentSchema), ...problems(401) },
});

export const clearRecentRoute = createRoute({
  method: "delete",
  path: "/api/v1/search/recent",
  tags: ["search"],
  summary: "Forget your recent searches (all, or only `q`)",
  security: bearer,
  request: { query: recentQuery },
  responses: { ...ok("How many were forgotten", removedSchema), ...problems(400, 401) },
});

export function mountSearchRoutes(app: OpenAPIHono<SearchEnv>, ctx: ServiceContext): void {
  app.openapi(searchUsersRoute, async (c) =>
    c.json(await searchUsers({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
  app.openapi(searchPostsRoute, async (c) =>
    c.json(await searchPosts({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
  app.openapi(searchHashtagsRoute, async (c) =>
    c.json(await searchHashtags({ ctx, input: c.req.valid("query") }), 200),
  );
  app.openapi(suggestRoute, async (c) =>
    c.json(await suggest({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
  app.openapi(trendsRoute, async (c) =>
    c.json(await trendingHashtags({ ctx, input: c.req.valid("query") }), 200),
  );
  app.openapi(listRecentRoute, async (c) =>
    c.json(await listMyRecentSearches({ ctx, viewer: c.get("auth") }), 200),
  );
  app.openapi(clearRecentRoute, async (c) =>
    c.json(await clearMyRecentSearches({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
}
