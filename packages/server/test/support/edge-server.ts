import { create } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { createRoute, z } from "@hono/zod-openapi";
import { publicRpc, serveRpc, type TokenVerifier } from "@nova/auth";
import { createTestServicePki } from "@nova/auth/testing";
import { UnauthenticatedError } from "@nova/errors";
import { createLogger, createServiceMetrics } from "@nova/observability";
import {
  FeatureStoreService,
  type GetFeaturesRequest,
  GetFeaturesResponseSchema,
} from "@nova/proto/feature_store/v1";
import { createHealth, createServiceServer, type ServiceServer } from "../../src/index.ts";

/** The one end-user token the edge server's RPC gate accepts (the edge guards, not auth, are under test). */
const EDGE_TOKEN = "edge-test-user";
/** Headers of an end user the edge server's RPC gate lets through. */
export const edgeAuth = { authorization: `Bearer ${EDGE_TOKEN}` } as const;
/** The same credential on a Connect client. */
export const edgeAuthInterceptor: Interceptor = (next) => (req) => {
  req.header.set("authorization", edgeAuth.authorization);
  return next(req);
};

const edgeVerifier: TokenVerifier = {
  insecure: false,
  async verify(token) {
    if (token !== EDGE_TOKEN) throw new UnauthenticatedError("access token is invalid");
    const now = Date.now();
    return {
      accountId: "edge-user",
      sessionId: "edge-session",
      tokenId: "edge-token",
      issuedAt: new Date(now),
      expiresAt: new Date(now + 60_000),
      roles: [],
    };
  },
};

/** What the edge server's handlers saw: a refused request must leave these untouched. */
export interface EdgeCalls {
  rest: unknown[];
  rpc: GetFeaturesRequest[];
  graphql: string[];
}

/**
 * A service server with one route of each kind (REST body, path and query; a Connect RPC with
 * repeated strings; a GraphQL endpoint that, like graphql-yoga's default, sets its own CORS
 * headers), recording what reached the handlers.
 */
export function createEdgeServer(
  opts: { env?: string; corsOrigins?: readonly string[]; maxBodyBytes?: number } = {},
): { server: ServiceServer; calls: EdgeCalls } {
  const calls: EdgeCalls = { rest: [], rpc: [], graphql: [] };
  const server = createServiceServer({
    service: "edge-test",
    version: "1.0.0",
    env: opts.env ?? "test",
    description: "edge guards test",
    log: createLogger({ level: "error", base: { service: "edge-test" }, write: () => {} }),
    metrics: createServiceMetrics({ service: "edge-test", version: "1.0.0" }),
    health: createHealth({ service: "edge-test", version: "1.0.0", cacheMs: 0, checks: [] }),
    ...(opts.corsOrigins ? { corsOrigins: opts.corsOrigins } : {}),
    ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    surface: {
      http(app) {
        app.openapi(
          createRoute({
            method: "post",
            path: "/api/v1/sessions",
            request: {
              body: {
                content: {
                  "application/json": {
                    schema: z.object({
                      identifier: z.string(),
                      deviceName: z.string().optional(),
                      items: z.array(z.object({ postId: z.string() })).optional(),
                    }),
                  },
                },
              },
            },
            responses: { 201: { description: "created" } },
          }),
          (c) => {
            const body = c.req.valid("json");
            calls.rest.push(body);
            return c.json(body, 201);
          },
        );
        app.openapi(
          createRoute({
            method: "post",
            path: "/api/v1/callback",
            request: {
              body: {
                content: { "application/x-www-form-urlencoded": { schema: z.object({ code: z.string() }) } },
              },
            },
            responses: { 200: { description: "ok" } },
          }),
          (c) => {
            calls.rest.push(c.req.valid("form"));
            return c.json(c.req.valid("form"), 200);
          },
        );
        app.openapi(
          createRoute({
            method: "get",
            path: "/api/v1/hashtags/{tag}/posts",
            request: {
              params: z.object({ tag: z.string() }),
              query: z.object({ cursor: z.string().optional() }),
            },
            responses: { 200: { description: "posts" } },
          }),
          (c) => {
            calls.rest.push({ ...c.req.valid("param"), ...c.req.valid("query") });
            return c.json({ posts: [] }, 200);
          },
        );
      },
      rpc(router) {
        const unused = () => {
          throw new Error("not part of the edge test");
        };
        serveRpc(
          router,
          FeatureStoreService,
          {
            getFeatures: publicRpc((req: GetFeaturesRequest) => {
              calls.rpc.push(req);
              return create(GetFeaturesResponseSchema, { featureNames: req.featureNames });
            }),
            listFeatures: publicRpc(unused),
            getHistoricalFeatures: publicRpc(unused),
            exportAccountData: publicRpc(unused),
          },
          { verifier: edgeVerifier, identity: createTestServicePki().identity("edge-test") },
        );
      },
      async graphql(request) {
        calls.graphql.push(await request.text());
        return new Response(JSON.stringify({ data: { ok: true } }), {
          headers: {
            "content-type": "application/json",
            "access-control-allow-origin": request.headers.get("origin") ?? "*",
            "access-control-allow-credentials": "true",
          },
        });
      },
    },
  });
  return { server, calls };
}
