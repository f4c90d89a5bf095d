/**
 * The social core of the benches (`bench-social-core.ts`, `bench-subschema.ts`): identity, user,
 * graph, content, social and the gateway in this process on shifted ports, in production mode's
 * backends — a throwaway database on the machine's PostgreSQL (DATABASE_URL's server, else
 * 127.0.0.1:5432; each service its own pool) and Redis (REDIS_URL, else redis://127.0.0.1:6379/14)
 * — with limits that are checked (and cost) but never refuse, and no trust-safety (Check fail
 * modes set as the system suites do).
 */

import { SERVICES } from "@nova/config";
import { service as content } from "@nova/content-service";
import { createEmbeddedEventBus, EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { service as graph } from "@nova/graph-service";
import { service as gateway } from "@nova/graphql-gateway";
import { service as identity } from "@nova/identity-service";
import { type BaseContextOverrides, type ServiceModule, type StartedService, startService } from "@nova/kit";
import { everyWriteLimit } from "@nova/rate-limit";
import { service as social } from "@nova/social-service";
import { createPostgresTestDatabase, LOCAL_POSTGRES_URL, silentLogger } from "@nova/testing";
import { service as user } from "@nova/user-service";
import { checkFailModes } from "./check-fail-modes.ts";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/14";

// biome-ignore lint/suspicious/noExplicitAny: each module has its own config/context types
export const MODULES: [string, ServiceModule<any, any>][] = [
  ["identity-service", identity],
  ["user-service", user],
  ["graph-service", graph],
  ["content-service", content],
  ["social-service", social],
  ["graphql-gateway", gateway],
];

// Shifted ports 28300..32713, below the kernel's ephemeral range (32768+).
const offset = 20_300 + Math.floor(Math.random() * 340) * 10;
export const port = (name: string) => (SERVICES.find((s) => s.name === name)?.httpPort ?? 0) + offset;
export const base = (name: string) => `http://127.0.0.1:${port(name)}`;
export const gatewayUrl = `${base("graphql-gateway")}/graphql`;
/** The service listening on a port of this system, if any. */
export const serviceAtPort = (p: string) => MODULES.find(([name]) => String(port(name)) === p)?.[0];

/** A GraphQL call through the gateway; an answer with errors throws. */
// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are shaped by the query
export async function gql(query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const res = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`${query} → ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** An account registered through the gateway, once user-service has its profile. */
export async function register(username: string): Promise<{ id: string; token: string }> {
  const r = await gql(
    "mutation($i: RegisterInput!) { register(input: $i) { account { id } tokens { accessToken } } }",
    { i: { email: `${username}@example.com`, password: "BenchPass123!", username } },
  );
  const member = { id: r.register.account.id as string, token: r.register.tokens.accessToken as string };
  for (let i = 0; i < 200; i++) {
    if ((await gql("{ me { id } }", {}, member.token)).me) return member;
    await Bun.sleep(25);
  }
  throw new Error(`no profile for ${username}`);
}

/** Starts the system; `stop()` stops every service and drops the database. */
export async function startSocialCore(opts: { maxConnections: number }): Promise<{ stop(): Promise<void> }> {
  const db = await createPostgresTestDatabase({
    adminUrl: process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL,
    services: [
      ...MODULES.map(([name]) => name).filter((n) => n !== "graphql-gateway"),
      EMBEDDED_BUS_MIGRATIONS,
    ],
  });
  const started: StartedService[] = [];
  // The gateway keeps no database: its response cache follows the services' events on a bus of its own.
  const gatewayBus = createEmbeddedEventBus({ db: db.db, log: silentLogger() });
  const stop = async () => {
    for (const s of started.reverse()) await s.stop({ timeoutMs: 2000 });
    await gatewayBus.close();
    await db.close();
  };
  try {
    const upstreamEnv: Record<string, string> = Object.fromEntries(
      SERVICES.filter((s) => s.grpcPort !== null).map((s) => [
        `${s.name.replaceAll("-", "_").toUpperCase()}_URL`,
        MODULES.some(([n]) => n === s.name) ? base(s.name) : "http://127.0.0.1:9",
      ]),
    );
    for (const [name, mod] of MODULES) {
      const config = mod.loadConfig({
        ...upstreamEnv,
        HTTP_PORT: String(port(name)),
        LOG_LEVEL: "error",
        ...(name === "graphql-gateway"
          ? {
              GATEWAY_SUBSCHEMA_POLL_INTERVAL: "600000",
              // One account sends every request: the cost budget is charged (and costs) but never refuses.
              GATEWAY_COST_PER_ACCOUNT_PER_MINUTE: "100000000",
              GATEWAY_COST_PER_IP_PER_MINUTE: "100000000",
            }
          : { DATABASE_URL: db.url, DATABASE_MAX_CONNECTIONS: String(opts.maxConnections), REDIS_URL }),
        AUTH_RATE_LIMIT_PER_MINUTE: "100000",
        // Load from a few accounts and one address: limits are checked (and cost) but never refuse.
        ...everyWriteLimit("1000000/1m"),
        // No trust-safety here: sign-up usernames and profile text pass, counted.
        ...checkFailModes(MODULES.map(([n]) => n)),
      });
      started.push(
        await startService(mod, config, {
          overrides: {
            log: silentLogger(),
            processMetrics: false,
            ...(name === "graphql-gateway" ? { bus: gatewayBus } : {}),
          } as BaseContextOverrides,
        }),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
