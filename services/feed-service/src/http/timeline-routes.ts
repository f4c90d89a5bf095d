import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { readExplore } from "../domain/read-explore.ts";
import { readForYou } from "../domain/read-for-you.ts";
import { readHomeTimeline } from "../domain/read-home-timeline.ts";
import { readUserTimeline } from "../domain/read-user-timeline.ts";
import type { FeedEnv } from "./feed-env.ts";
import {
  forYouPageSchema,
  pageQuery,
  problems,
  timelinePageSchema,
  userParams,
  userTimelinePageSchema,
} from "./schemas.ts";

const page = (description: string) => ({
  200: { description, content: { "application/json": { schema: timelinePageSchema } } },
});

export const homeTimelineRoute = createRoute({
  method: "get",
  path: "/api/v1/feed/home",
  tags: ["timelines"],
  summary: "Your home timeline: posts of the accounts you follow and your own, newest first",
  security: [{ bearerAuth: [] }],
  request: { query: pageQuery },
  responses: { ...page("A page of your home timeline"), ...problems(400, 401, 503) },
});

export const userTimelineRoute = createRoute({
  method: "get",
  path: "/api/v1/users/{id}/timeline",
  tags: ["timelines"],
  summary: "An account's posts and reposts you may see, newest first (reposts by repost time)",
  request: { params: userParams, query: pageQuery },
  responses: {
    200: {
      description: "A page of the account's timeline",
      content: { "application/json": { schema: userTimelinePageSchema } },
    },
    ...problems(400, 503),
  },
});

export const forYouRoute = createRoute({
  method: "get",
  path: "/api/v1/feed/for-you",
  tags: ["timelines"],
  summary:
    "Posts of the accounts you follow, ordered by ranking-service (chronological, flagged, when it is down)",
  security: [{ bearerAuth: [] }],
  request: { query: pageQuery },
  responses: {
    200: {
      description:
        "A ranked page; nextCursor pages through the same order (kept 30 minutes; an expired cursor is a 400)",
      content: { "application/json": { schema: forYouPageSchema } },
    },
    ...problems(400, 401, 503),
  },
});

export const exploreRoute = createRoute({
  method: "get",
  path: "/api/v1/feed/explore",
  tags: ["timelines"],
  summary:
    "Trending public posts (engagement velocity with time decay, one per author); open to anonymous viewers",
  request: { query: pageQuery },
  responses: {
    200: {
      description:
        "A page of trending posts; nextCursor pages through the same order (kept 30 minutes; an expired cursor is a 400)",
      content: { "application/json": { schema: timelinePageSchema } },
    },
    ...problems(400, 503),
  },
});

/** Home and user timelines, for-you and explore. */
export function mountTimelineRoutes(app: OpenAPIHono<FeedEnv>, ctx: ServiceContext): void {
  app.openapi(homeTimelineRoute, async (c) =>
    c.json(await readHomeTimeline({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
  // `pageCursor` is for GraphQL's edge cursors; REST pages by nextCursor only.
  app.openapi(forYouRoute, async (c) => {
    const { pageCursor: _, ...page } = await readForYou({
      ctx,
      viewer: c.get("auth"),
      input: c.req.valid("query"),
    });
    return c.json(page, 200);
  });
  app.openapi(exploreRoute, async (c) => {
    const { pageCursor: _, ...page } = await readExplore({
      ctx,
      viewer: c.get("auth"),
      input: c.req.valid("query"),
    });
    return c.json(page, 200);
  });
  app.openapi(userTimelineRoute, async (c) =>
    c.json(
      await readUserTimeline({
        ctx,
        viewer: c.get("auth"),
        input: { userId: c.req.valid("param").id, ...c.req.valid("query") },
      }),
      200,
    ),
  );
}
