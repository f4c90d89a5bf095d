import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceEnv } from "@nova/server";
import type { ServiceContext } from "../context.ts";
import { rankCandidates } from "../domain/rank-candidates.ts";
import { jsonBody, ok, problems, rankingSchema, rankRequestSchema } from "./schemas.ts";

export const rankRoute = createRoute({
  method: "post",
  path: "/api/v1/rank",
  tags: ["ranking"],
  summary: "Rank candidates for a viewer, with per-feature explanations (developer door to RankCandidates)",
  request: jsonBody(rankRequestSchema),
  responses: { ...ok(rankingSchema, "Candidates in ranked order"), ...problems(400, 413) },
});

/** POST /api/v1/rank */
export function mountRankRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openapi(rankRoute, async (c) => {
    const body = c.req.valid("json");
    const ranking = await rankCandidates({
      ctx,
      input: {
        ...body,
        candidates: body.candidates.map((cand) => ({ ...cand, createdAt: new Date(cand.createdAt) })),
      },
    });
    return c.json(ranking, 200);
  });
}
