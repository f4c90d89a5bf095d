import type { DescService } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import {
  createTestServicePki,
  createTestTokenIssuer,
  type TestCaller,
  type TestServicePki,
  type TestTokenIssuer,
  testRpcCredentials,
} from "@nova/auth/testing";
import type { BaseConfig } from "@nova/config";
import type { DatabaseHandle } from "@nova/db";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import type { Logger } from "@nova/observability";
import {
  createServiceServer,
  type ServiceServer,
  type ServiceServerOptions,
  type ServiceSurface,
} from "@nova/server";
import {
  createPostgresTestDatabase,
  createTestDatabase,
  silentLogger,
  type TestMigrations,
} from "@nova/testing";
import type { BaseContext } from "../base-context.ts";
import type { BaseContextOverrides } from "../service-module.ts";

export type DatabaseKind = "pglite" | "postgres";

/** The parts of a service the harness drives (a service's `ServiceModule` fits, or its functions). */
export interface ServiceParts<C extends BaseConfig, X extends BaseContext<C>, O> {
  name: string;
  loadConfig(env: Record<string, string | undefined>): C;
  createContext(config: C, overrides?: O): Promise<X>;
  createApp(ctx: X): ServiceSurface;
}

export interface ServiceUnderTestOptions<O, C extends BaseConfig = BaseConfig> {
  /** A fresh test database of this kind (default pglite, from the shared migrated template), or a handle the caller owns. */
  database?: DatabaseKind | DatabaseHandle;
  /** Connections of a fresh PostgreSQL test database (default the test helper's). */
  postgresMaxConnections?: number;
  /** Migrations of the fresh database (default: the service's and the embedded bus's). */
  migrations?: readonly TestMigrations[];
  /** Variables on top of the harness's (LOG_LEVEL=fatal, the issuer's JWT_PUBLIC_KEY_PEM, an IDENTITY_SERVICE_URL nothing listens on). */
  env?: Record<string, string>;
  /**
   * Context seams on top of the harness's (identity from the test PKI, db, silent log,
   * noBackgroundWork); a function gets the test database (e.g. for an embedded bus on it).
   */
  overrides?: O | ((db: DatabaseHandle) => O);
  /**
   * Whether the env trusts the issuer (JWT_PUBLIC_KEY_PEM) and points IDENTITY_SERVICE_URL nowhere
   * (default true); identity-service, which signs its own tokens, says false.
   */
  trustIssuer?: boolean;
  /** The end-user token issuer (default: a fresh one). */
  issuer?: TestTokenIssuer;
  /** The log (default silent). */
  log?: Logger;
  /** createServiceServer options beyond the ones every harness passes (e.g. rpcServiceNames, trustedProxies). */
  server?: (config: C) => Partial<ServiceServerOptions>;
  /** The service whose credential `rpc` clients carry unless told otherwise (default feed-service). */
  defaultCaller?: string;
}

export interface ServiceUnderTest<C extends BaseConfig, X extends BaseContext<C>> {
  readonly ctx: X;
  readonly config: C;
  readonly db: DatabaseHandle;
  readonly issuer: TestTokenIssuer;
  /** Service keys: the service under test and any peer calling it. */
  readonly pki: TestServicePki;
  readonly server: ServiceServer;
  /** The app's fetch, without a socket; `ip`: the socket peer the request comes from (for per-IP rules). */
  fetch(input: RequestInfo | URL, init?: RequestInit, ip?: string): Promise<Response>;
  /** REST/GraphQL through the real app (kit middleware, error mapping); `token`: an end user's. */
  request(path: string, init?: RequestInit & { token?: string; ip?: string }): Promise<Response>;
  /**
   * POST /graphql with `query` and `variables`, as `token`'s user, sent as the gateway sends it (with
   * the gateway's service credential: a service's /graphql answers only the gateway); the JSON answer.
   */
  graphql<T = unknown>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** The gateway's service-credential header for this service (for raw `request("/graphql")` calls). */
  gatewayHeaders(): Promise<Record<string, string>>;
  /**
   * A Connect client of `service` on the app, carrying a real service credential (the default
   * caller's; a name or `{ service }` picks another, null none) and, with `{ token }`, an end user's.
   */
  rpc<S extends DescService>(service: S, as?: TestCaller, opts?: { binary?: boolean }): Client<S>;
  /** A new account id and an access token for it. */
  user(): Promise<{ id: string; token: string }>;
  /** Closes the context, then the database unless the caller passed its own. */
  close(): Promise<void>;
}

/** The only caller a service's /graphql accepts (`GATEWAY_SERVICE` of `@nova/subschema`). */
const GATEWAY_SERVICE = "graphql-gateway";

/** The Bun server `env` of a request from `address` (what hono/bun's getConnInfo reads). */
export function socketPeer(address: string) {
  return { requestIP: () => ({ address, family: address.includes(":") ? "IPv6" : "IPv4", port: 50_000 }) };
}

/**
 * A service in process, as its tests drive it: a migrated test database, a test token issuer whose
 * public key the service trusts, the test service PKI (its identity; peers' credentials on `rpc`),
 * the context with no background work, and the server built by `createServiceServer` as the kit
 * builds it — without a socket. Every service's `test/support/*-harness.ts` is a thin layer on it.
 */
export async function startServiceUnderTest<C extends BaseConfig, X extends BaseContext<C>, O extends object>(
  service: ServiceParts<C, X, O>,
  opts: ServiceUnderTestOptions<O, C> = {},
): Promise<ServiceUnderTest<C, X>> {
  const name = service.name;
  const migrations = opts.migrations ?? [name, EMBEDDED_BUS_MIGRATIONS];
  const given = typeof opts.database === "object" ? opts.database : undefined;
  const db =
    given ??
    (opts.database === "postgres"
      ? await createPostgresTestDatabase({
          services: migrations,
          ...(opts.postgresMaxConnections ? { maxConnections: opts.postgresMaxConnections } : {}),
        })
      : await createTestDatabase({ services: migrations }));
  try {
    const issuer = opts.issuer ?? (await createTestTokenIssuer());
    const pki = createTestServicePki();
    const config = service.loadConfig({
      LOG_LEVEL: "fatal",
      ...(opts.trustIssuer === false
        ? {}
        : {
            JWT_PUBLIC_KEY_PEM: issuer.publicPem,
            // Nothing listens here: only the configured public key may verify tokens.
            IDENTITY_SERVICE_URL: "http://127.0.0.1:9",
          }),
      ...opts.env,
    });
    const base: BaseContextOverrides & { noBackgroundWork: boolean } = {
      identity: pki.identity(name),
      db,
      log: opts.log ?? silentLogger(),
      processMetrics: false,
      noBackgroundWork: true,
    };
    const more = typeof opts.overrides === "function" ? opts.overrides(db) : opts.overrides;
    const ctx = await service.createContext(config, { ...base, ...more } as O);
    const server = createServiceServer({
      service: name,
      version: config.service.version,
      env: config.service.env,
      description: `${name} under test`,
      log: ctx.log,
      metrics: ctx.metrics,
      health: ctx.health,
      surface: service.createApp(ctx),
      ...opts.server?.(config),
    });
    const origin = `http://${name}.test`;
    const fetchApp = (input: RequestInfo | URL, init?: RequestInit, ip?: string) =>
      Promise.resolve(server.app.fetch(new Request(input, init), ip ? socketPeer(ip) : undefined));
    const request = (path: string, init: RequestInit & { token?: string; ip?: string } = {}) => {
      const { token, ip, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set("authorization", `Bearer ${token}`);
      return fetchApp(`${origin}${path}`, { ...rest, headers }, ip);
    };
    return {
      ctx,
      config,
      db,
      issuer,
      pki,
      server,
      fetch: fetchApp,
      request,
      gatewayHeaders: () => pki.headers(GATEWAY_SERVICE, name),
      async graphql<T>(query: string, variables?: Record<string, unknown>, token?: string) {
        const res = await request("/graphql", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            ...(await pki.headers(GATEWAY_SERVICE, name)),
          },
          body: JSON.stringify({ query, variables }),
          ...(token ? { token } : {}),
        });
        return (await res.json()) as T;
      },
      rpc: (svc, as = {}, rpcOpts = {}) =>
        createClient(
          svc,
          createConnectTransport({
            baseUrl: origin,
            fetch: fetchApp as typeof fetch,
            useBinaryFormat: rpcOpts.binary ?? false,
            interceptors: testRpcCredentials(pki, name, as, opts.defaultCaller),
          }),
        ),
      async user() {
        const id = Bun.randomUUIDv7();
        return { id, token: await issuer.sign({ accountId: id }) };
      },
      async close() {
        await ctx.close();
        if (!given) await db.close();
      },
    };
  } catch (err) {
    if (!given) await db.close();
    throw err;
  }
}
