import { useInputHygiene } from "@nova/subschema";
import { createYoga, type YogaLogger } from "graphql-yoga";
import { createSubschemaRegistry } from "./create-subschema-registry.ts";
import type { UpstreamHeadersContext } from "./create-upstream-executor.ts";
import type { FetchImpl, GatewayLog, SubschemaStatus, Upstream } from "./gateway-types.ts";
import { createOfflineGraphiQL } from "./render-offline-graphiql.ts";
import {
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
  useOperationLimits,
} from "./use-operation-limits.ts";

export const GRAPHQL_ENDPOINT = "/graphql";

export interface GatewayYogaOptions {
  upstreams: readonly Upstream[];
  /** Reported by `{ gateway { version } }`. */
  version: string;
  log: GatewayLog;
  fetchImpl?: FetchImpl;
  /** Serve GraphiQL on `GET /graphql` with `Accept: text/html`. */
  graphiql: boolean;
  /** Re-discover subschemas this often; no polling when unset. */
  pollIntervalMs?: number;
  limits?: Partial<OperationLimits>;
  sdlTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** The gateway's GraphQL endpoint: a fetch handler plus control over subschema discovery. */
export interface GatewayYoga {
  /**
   * Answers requests to `/graphql` (anything else is 404). `serverContext` joins the GraphQL
   * context; its `upstreamHeaders` are added to every upstream call.
   */
  handle(
    request: Request,
    serverContext?: UpstreamHeadersContext & Record<string, unknown>,
  ): Promise<Response>;
  /** Re-fetches the upstream SDLs and swaps the schema in when one changed. */
  refresh(): Promise<void>;
  status(): SubschemaStatus[];
  /** Stops polling and closes upstream connections. */
  stop(): void;
}

/**
 * Builds the gateway's yoga instance. It starts with only the gateway's own schema; call
 * `refresh()` once before listening to stitch whatever upstreams are up.
 */
export function createGatewayYoga(opts: GatewayYogaOptions): GatewayYoga {
  const registry = createSubschemaRegistry({
    upstreams: opts.upstreams,
    version: opts.version,
    log: opts.log,
    ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
    ...(opts.sdlTimeoutMs ? { sdlTimeoutMs: opts.sdlTimeoutMs } : {}),
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
  });
  const graphiql = createOfflineGraphiQL();
  const yoga = createYoga({
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    // Read per request: a refresh replaces the whole schema, so a request sees the old or the new one.
    schema: () => registry.current(),
    graphiql: opts.graphiql
      ? { title: "Nova GraphQL", endpoint: GRAPHQL_ENDPOINT, defaultQuery: "{ gateway { version } }" }
      : false,
    renderGraphiQL: graphiql.render,
    landingPage: false,
    // Unexpected errors reach the client as "Unexpected error." with no stack, whatever NODE_ENV says.
    maskedErrors: { isDev: false },
    logging: toYogaLogger(opts.log),
    // CORS belongs to the server's allow-list; yoga's default reflects any origin with credentials.
    cors: false,
    plugins: [
      useInputHygiene(),
      useOperationLimits({ ...DEFAULT_OPERATION_LIMITS, ...opts.limits }),
      graphiql.plugin,
    ],
  });
  const stopPolling = opts.pollIntervalMs ? registry.startPolling(opts.pollIntervalMs) : () => {};
  return {
    handle: async (request, serverContext) => await yoga.fetch(request, serverContext ?? {}),
    refresh: registry.refresh,
    status: registry.status,
    stop() {
      stopPolling();
      registry.dispose();
    },
  };
}

function toYogaLogger(log: GatewayLog): YogaLogger {
  const adapt =
    (write: GatewayLog["info"]) =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      const details = rest.filter((arg) => arg !== undefined);
      if (first instanceof Error) write("graphql request failed", { error: first, details });
      else write(String(first), details.length > 0 ? { details } : undefined);
    };
  return { debug: adapt(log.debug), info: adapt(log.info), warn: adapt(log.warn), error: adapt(log.error) };
}
