import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { JWKS_PATH } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import type { IdentityEnv } from "./identity-env.ts";
import { json } from "./schemas.ts";

export const jwksRoute = createRoute({
  method: "get",
  path: JWKS_PATH,
  tags: ["keys"],
  summary: "Public keys that verify access tokens (RS256, by kid)",
  responses: {
    200: json(
      z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi("JSONWebKeySet"),
      "JWKS: the signing key and, after a rotation, the previous one until its tokens expire",
    ),
  },
});

export function mountJwksRoute(app: OpenAPIHono<IdentityEnv>, ctx: ServiceContext): void {
  app.openapi(jwksRoute, async (c) => {
    const jwks = await ctx.keys.jwks();
    // Verifiers cache by kid and refetch on an unknown one; a short max-age keeps proxies honest.
    c.header("cache-control", "public, max-age=60");
    return c.json({ keys: jwks.keys as Record<string, unknown>[] }, 200);
  });
}
