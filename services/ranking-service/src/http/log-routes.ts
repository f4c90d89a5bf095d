import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { logFeedback } from "../domain/log-feedback.ts";
import { logImpressions } from "../domain/log-impressions.ts";
import type { RankingEnv } from "./ranking-env.ts";
import {
  acceptedSchema,
  feedbackRequestSchema,
  impressionsRequestSchema,
  jsonBody,
  ok,
  problems,
} from "./schemas.ts";

export const impressionsRoute = createRoute({
  method: "post",
  path: "/api/v1/impressions",
  tags: ["ranking"],
  summary: "Log ranked posts shown to a viewer (with the feature values they were ranked on)",
  security: [{ bearerAuth: [] }],
  request: jsonBody(impressionsRequestSchema),
  responses: { ...ok(acceptedSchema, "Rows accepted"), ...problems(400, 401, 403, 413) },
});

export const feedbackRoute = createRoute({
  method: "post",
  path: "/api/v1/feedback",
  tags: ["ranking"],
  summary: "Log what a viewer did with shown posts (click, like, comment, repost, hide)",
  security: [{ bearerAuth: [] }],
  request: jsonBody(feedbackRequestSchema),
  responses: { ...ok(acceptedSchema, "Rows accepted"), ...problems(400, 401, 403, 413) },
});

/** POST /api/v1/impressions and /api/v1/feedback */
export function mountLogRoutes(app: OpenAPIHono<RankingEnv>, ctx: ServiceContext): void {
  app.openapi(impressionsRoute, async (c) => {
    const body = c.req.valid("json");
    const input = {
      ...body,
      impressions: body.impressions.map((i) => ({ ...i, shownAt: new Date(i.shownAt) })),
    };
    return c.json(await logImpressions({ ctx, caller: { accountId: c.get("auth")?.accountId }, input }), 200);
  });
  app.openapi(feedbackRoute, async (c) => {
    const body = c.req.valid("json");
    const input = { ...body, feedback: body.feedback.map((f) => ({ ...f, at: new Date(f.at) })) };
    return c.json(await logFeedback({ ctx, caller: { accountId: c.get("auth")?.accountId }, input }), 200);
  });
}
