import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { myAudience } from "../domain/my-audience.ts";
import { myPostStats } from "../domain/my-post-stats.ts";
import { queryActiveUsers } from "../domain/query-active-users.ts";
import { queryEngagement } from "../domain/query-engagement.ts";
import { queryFunnel } from "../domain/query-funnel.ts";
import { queryPipeline } from "../domain/query-pipeline.ts";
import { queryRetention } from "../domain/query-retention.ts";
import type { AnalyticsEnv } from "./analytics-env.ts";
import {
  activeUsersQuery,
  answer,
  funnelQuery,
  ok,
  problems,
  rangeQuery,
  retentionQuery,
} from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];
const staffProblems = problems(400, 401, 403);

const route = <Q>(path: string, summary: string, query: Q, name: string, creator = false) =>
  createRoute({
    method: "get",
    path,
    tags: [creator ? "creators" : "staff"],
    summary,
    security: bearer,
    request: { query: query as typeof rangeQuery },
    responses: { ...ok(summary, answer(name)), ...(creator ? problems(400, 401) : staffProblems) },
  });

export const activeUsersRoute = route(
  "/api/v1/analytics/active-users",
  "DAU/WAU/MAU and stickiness (analyst or admin)",
  activeUsersQuery,
  "ActiveUsers",
);
export const retentionRoute = route(
  "/api/v1/analytics/retention",
  "Weekly signup cohorts × weeks retained (analyst or admin)",
  retentionQuery,
  "Retention",
);
export const engagementRoute = route(
  "/api/v1/analytics/engagement",
  "Posts, likes, comments, reposts, follows per day; impressions and click-through per surface (analyst or admin)",
  rangeQuery,
  "Engagement",
);
export const funnelRoute = route(
  "/api/v1/analytics/funnel",
  "Ordered funnel within a window (analyst or admin)",
  funnelQuery,
  "Funnel",
);
export const myPostsRoute = route(
  "/api/v1/analytics/me/posts",
  "Your posts: impressions, opens, likes, comments, reposts per post and per day",
  rangeQuery,
  "MyPostStats",
  true,
);
export const myAudienceRoute = route(
  "/api/v1/analytics/me/audience",
  "Your follower growth per day",
  rangeQuery,
  "MyAudience",
  true,
);

export const pipelineRoute = createRoute({
  method: "get",
  path: "/api/v1/analytics/pipeline",
  tags: ["staff"],
  summary:
    "Event pipeline: consumer lag per topic, outbox backlog and dead events per service, ingestion rate (admin)",
  security: bearer,
  responses: { ...ok("The pipeline view", answer("Pipeline")), ...problems(401, 403) },
});

export function mountQueryRoutes(app: OpenAPIHono<AnalyticsEnv>, ctx: ServiceContext): void {
  const q = (c: { req: { query(): Record<string, string> } }) => c.req.query();
  app.openapi(activeUsersRoute, async (c) =>
    c.json(await queryActiveUsers({ ctx, caller: c.get("auth"), input: q(c) }), 200),
  );
  app.openapi(retentionRoute, async (c) =>
    c.json(await queryRetention({ ctx, caller: c.get("auth"), input: q(c) }), 200),
  );
  app.openapi(engagementRoute, async (c) =>
    c.json(await queryEngagement({ ctx, caller: c.get("auth"), input: q(c) }), 200),
  );
  app.openapi(funnelRoute, async (c) =>
    c.json(await queryFunnel({ ctx, caller: c.get("auth"), input: q(c) }), 200),
  );
  app.openapi(myPostsRoute, async (c) =>
    c.json(await myPostStats({ ctx, caller: c.get("auth"), input: q(c) }), 200),
  );
  app.openapi(pipelineRoute, async (c) => c.json(await queryPipeline({ ctx, caller: c.get("auth") }), 200));
  app.openapi(myAudienceRoute, async (c) =>
    c.json(await myAudience({ ctx, caller: c.get("auth"), input: q(c) }), 200),
  );
}
