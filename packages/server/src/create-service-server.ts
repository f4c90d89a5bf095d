import {
  type ConnectRouter,
  createConnectRouter,
  createContextValues,
  type Interceptor,
} from "@connectrpc/connect";
import { OpenAPIHono } from "@hono/zod-openapi";
import { assertRpcAccessDeclared } from "@nova/auth";
import { parseTrustedProxies, type TrustedProxies } from "@nova/config";
import { fromZodError, NotFoundError } from "@nova/errors";
import { formatTraceparent, type Logger, type ServiceMetrics } from "@nova/observability";
import type { MiddlewareHandler } from "hono";
import { mountApiDocs } from "./api-docs.ts";
import { clientIpMiddleware } from "./client-ip.ts";
import { httpRequestKey, serverInterceptor } from "./connect-interceptors.ts";
import { registerGrpcHealth } from "./grpc-health.ts";
import type { Health } from "./health.ts";
import { mountHealthRoutes } from "./health-routes.ts";
import { renderHttpError } from "./http-errors.ts";
import { mountEdgeGuards } from "./mount-edge-guards.ts";
import { requestContext, type ServiceEnv } from "./request-context.ts";
import { RPC_COMPRESSIONS } from "./rpc-compression.ts";
import { rpcInputHygiene } from "./rpc-input-hygiene.ts";
import type { ServiceWebSocket } from "./service-websocket.ts";
import { createRpcFetchHandler } from "./unary-fetch-handler.ts";

/** What a service contributes; the kit adds health, metrics, docs, logging and error mapping. */
export interface ServiceSurface {
  /** REST routes under /api/v1, written with @hono/zod-openapi. */
  http?: (app: OpenAPIHono<ServiceEnv>) => void;
  /** Connect service registrations; served as Connect/gRPC-Web on HTTP and gRPC on the gRPC port. */
  rpc?: (router: ConnectRouter) => void;
  /**
   * Guards /metrics, /docs and /openapi.json (e.g. the gateway in production: a service credential
   * only). Unset: they are open, as on every service behind the cluster network.
   */
  opsGuard?: MiddlewareHandler<ServiceEnv>;
  /** The service's GraphQL subschema (or the gateway's schema), served at /graphql. */
  graphql?: (
    request: Request,
    call: { requestId: string; traceparent: string },
  ) => Promise<Response> | Response;
  /** One WebSocket endpoint on the HTTP port (Bun's native WebSocket), e.g. chat's delivery socket. */
  // biome-ignore lint/suspicious/noExplicitAny: each service types its own socket data
  websocket?: ServiceWebSocket<any>;
}

export interface ServiceServerOptions {
  service: string;
  version: string;
  env: string;
  description: string;
  log: Logger;
  metrics: ServiceMetrics;
  health: Health;
  surface: ServiceSurface;
  /** Fully-qualified proto service names served, reported by grpc.health.v1. */
  rpcServiceNames?: readonly string[];
  extraInterceptors?: Interceptor[];
  /** Proxies whose X-Forwarded-For is believed (config.trustedProxies); default none: the socket peer is the client. */
  trustedProxies?: TrustedProxies;
  /** Largest request body accepted, after decompression (default 1 MiB): 413 problem, or Connect resource_exhausted. */
  maxBodyBytes?: number;
  /** Origins browsers may call from with credentials (`CORS_ORIGINS`); none when unset. */
  corsOrigins?: readonly string[];
}

export interface ServiceServer {
  /** The Hono app for the HTTP port (REST, Connect, gRPC-Web, GraphQL, health, metrics, docs). */
  readonly app: OpenAPIHono<ServiceEnv>;
  /** Registers every RPC (the service's and grpc.health.v1) on a router; used by both listeners. */
  readonly routes: (router: ConnectRouter) => void;
  readonly interceptors: Interceptor[];
  /** Connect handler options both listeners apply: the read limit and accepted request compressions. */
  readonly rpcOptions: { readMaxBytes: number; acceptCompression: typeof RPC_COMPRESSIONS };
  readonly health: Health;
  readonly log: Logger;
  /** The surface's WebSocket endpoint, which `listen()` serves on the HTTP port. */
  readonly websocket?: ServiceWebSocket<unknown>;
}

/** Builds the transport-neutral server of one service. `listen()` binds it to ports. */
export function createServiceServer(opts: ServiceServerOptions): ServiceServer {
  const interceptors = [
    serverInterceptor({ log: opts.log, metrics: opts.metrics }),
    rpcInputHygiene(),
    ...(opts.extraInterceptors ?? []),
  ];
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const rpcOptions = { readMaxBytes: maxBodyBytes, acceptCompression: RPC_COMPRESSIONS };
  const routes = (router: ConnectRouter) => {
    opts.surface.rpc?.(router);
    const served = new Set(router.handlers.map((h) => h.service.typeName));
    for (const name of opts.rpcServiceNames ?? []) served.add(name);
    registerGrpcHealth(router, opts.health, [...served]);
  };

  const app = new OpenAPIHono<ServiceEnv>({
    // Validation failures of any REST route become one 400 problem naming the fields.
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  app.use(requestContext({ log: opts.log, metrics: opts.metrics }));
  app.use(clientIpMiddleware(opts.trustedProxies ?? parseTrustedProxies("")));
  mountEdgeGuards(app, { env: opts.env, corsOrigins: opts.corsOrigins ?? [], maxBodyBytes });
  app.onError((err, c) =>
    renderHttpError(err, { requestId: c.get("requestId"), path: c.req.path, log: c.get("log") ?? opts.log }),
  );
  app.notFound((c) =>
    renderHttpError(new NotFoundError("route", `${c.req.method} ${c.req.path}`), {
      requestId: c.get("requestId"),
      path: c.req.path,
      log: opts.log,
    }),
  );

  mountHealthRoutes(app, opts.health, { service: opts.service, version: opts.version, env: opts.env });
  const opsGuard = opts.surface.opsGuard;
  if (opsGuard) for (const path of ["/metrics", "/docs", "/docs/*", "/openapi.json"]) app.use(path, opsGuard);
  app.get("/metrics", async (c) =>
    c.body(await opts.metrics.render(), 200, { "content-type": opts.metrics.contentType }),
  );
  mountApiDocs(app, { title: opts.service, version: opts.version, description: opts.description });
  opts.surface.http?.(app);
  if (opts.surface.graphql) {
    const graphql = opts.surface.graphql;
    app.on(["GET", "POST"], "/graphql", (c) =>
      graphql(c.req.raw, { requestId: c.get("requestId"), traceparent: formatTraceparent(c.get("trace")) }),
    );
  }

  // Connect and gRPC-Web on the HTTP/1.1 port, one Hono route per RPC path.
  const router = createConnectRouter({ interceptors, ...rpcOptions });
  routes(router);
  // Zero trust: a service cannot start with an RPC that says nothing about who may call it.
  assertRpcAccessDeclared(router);
  for (const handler of router.handlers) {
    const fetchHandler = createRpcFetchHandler(handler, rpcOptions);
    app.on(handler.allowedMethods, handler.requestPath, (c) =>
      fetchHandler(
        c.req.raw,
        createContextValues().set(httpRequestKey, { requestId: c.get("requestId"), trace: c.get("trace") }),
      ),
    );
  }

  return {
    app,
    routes,
    interceptors,
    rpcOptions,
    health: opts.health,
    log: opts.log,
    ...(opts.surface.websocket ? { websocket: opts.surface.websocket } : {}),
  };
}
