import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { rankCandidates } from "../domain/rank-candidates.ts";
import type { RankingEnv } from "./ranking-env.ts";
import { jsonBody, ok, problems, rankingSchema, rankRequestSchema } from "./schemas.ts";

export const rankRoute = createRoute({
  method: "post",
  path: "/api/v1/rank",
  tags: ["ranking"],
  summary:
    "Rank candidates for the token's account, with per-feature explanations (developer door to RankCandidates)",
  security: [{ bearerAuth: [] }],
  request: jsonBody(rankRequestSchema),
  responses: { ...ok(rankingSchema, "Candidates in ranked order"), ...problems(400, 401, 403, 413) },
});

/** POST /api/v1/rank */
export function mountRankRoutes(app: OpenAPIHono<RankingEnv>, ctx: ServiceContext): void {
  app.openapi(rankRoute, async (c) => {
    const body = c.req.valid("json");
    const ranking = await rankCandidates({
      ctx,
      caller: { accountId: c.get("auth")?.accountId },
      input: {
        ...body,
        candidates: body.candidates.map((cand) => ({ ...cand, createdAt: new Date(cand.createdAt) })),
      },
    });
    return c.json(ranking, 200);
  });
}
