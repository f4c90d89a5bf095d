import type { OpenAPIHono } from "@hono/zod-openapi";
import { corsAllowList } from "./cors-allow-list.ts";
import { inputHygiene } from "./input-hygiene.ts";
import { requestBody } from "./request-body.ts";
import type { ServiceEnv } from "./request-context.ts";
import { securityHeaders } from "./security-headers.ts";

/**
 * The HTTP port's edge, before any route: security headers on every response, CORS by the
 * allow-list (preflights answered here), request bodies decompressed and bounded (REST and
 * GraphQL; RPC bodies are bounded by Connect's read limit), and the control-character rule on
 * REST input. GraphQL and RPC input get the same rule in their own layers (`@nova/subschema`'s
 * plugin, `rpcInputHygiene`), where the decoded values and their field names are known.
 */
export function mountEdgeGuards(
  app: OpenAPIHono<ServiceEnv>,
  opts: { env: string; corsOrigins: readonly string[]; maxBodyBytes: number },
): void {
  const cors = corsAllowList({ origins: opts.corsOrigins });
  const secure = securityHeaders({ env: opts.env });
  // One middleware for both (every request of every hop passes it): CORS first, then security.
  app.use(async function edgeHeadersMiddleware(c, next) {
    const origin = c.req.header("origin");
    if (c.req.method === "OPTIONS") {
      const res = c.body(null, 204, cors.preflight(origin));
      secure(res.headers);
      return res;
    }
    await next();
    const h = c.res.headers;
    cors.apply(h, origin);
    secure(h);
  });
  const body = requestBody({ maxBytes: opts.maxBodyBytes });
  app.use("/api/*", body);
  app.use("/graphql", body);
  app.use("/api/*", inputHygiene());
}
