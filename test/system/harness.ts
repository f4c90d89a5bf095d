/**
 * What the system suites share: shifted ports, the upstream-URL environment, and the HTTP calls a
 * journey makes as a member. Each suite owns a port range below the kernel's ephemeral range
 * (32768+): feed-updates 2000–7999, revocation 9100–12223, feed-journey 12300–19113, all-services
 * 19300–23713, identity-journey 23800–28213 (notification-privacy too), social-journey 28300–32713, account-export 9110–11123
 * (shares revocation's range: bun test runs the files one after another, each stopping its servers).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVICES } from "@nova/config";
import type { DatabaseHandle } from "@nova/db";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { type ServiceModule, type StartedService, startService } from "@nova/kit";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { checkFailModes } from "../../scripts/check-fail-modes.ts";

export { checkFailModes };

/** A signed-in member: the account and its access token. */
export interface Member {
  id: string;
  token: string;
}

/**
 * A port offset `base + k * 10` (k random below `steps`) whose shifted HTTP and gRPC ports are all
 * free on 127.0.0.1 right now: machines run other servers in these ranges (RabbitMQ on 5672, NATS on
 * 4222, MariaDB on 3306…), and a suite that lands one of its ports on them fails to start.
 */
export function freeOffset(base: number, steps: number): number {
  const ports = (offset: number) =>
    SERVICES.flatMap((s) => [s.httpPort, s.grpcPort].filter((p): p is number => p !== null)).map(
      (p) => p + offset,
    );
  const free = (port: number) => {
    try {
      Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } }).stop(true);
      return true;
    } catch {
      return false;
    }
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = base + Math.floor(Math.random() * steps) * 10;
    if (ports(offset).every(free)) return offset;
  }
  throw new Error(`no free port range at ${base} + k×10 (k < ${steps})`);
}

/** Ports and URLs of the catalogue's services moved up by `offset`. */
export function shiftedPorts(offset: number) {
  const port = (name: string) => (SERVICES.find((s) => s.name === name)?.httpPort ?? 0) + offset;
  const url = (name: string, path = "") => `http://127.0.0.1:${port(name)}${path}`;
  return { port, url };
}

/** `GRAPH_SERVICE_URL`-style variable of a service. */
export const upstreamVar = (name: string) => `${name.replaceAll("-", "_").toUpperCase()}_URL`;

/**
 * Every service's `<NAME>_URL`: `urlOf(name)` where it answers, else a port nothing listens on —
 * never a `bun run dev` on the real ports.
 */
export function upstreamEnv(urlOf: (name: string) => string | undefined): Record<string, string> {
  return Object.fromEntries(
    SERVICES.filter((s) => s.grpcPort !== null).map((s) => [
      upstreamVar(s.name),
      urlOf(s.name) ?? "http://127.0.0.1:9",
    ]),
  );
}

/** One HTTP call, as `who` when given, with a JSON body when given. */
export async function call(method: string, target: string, who?: Member, body?: unknown): Promise<Response> {
  return fetch(target, {
    method,
    headers: {
      ...(who ? { authorization: `Bearer ${who.token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/** `call` that must succeed; resolves to the JSON body (undefined for 204). */
export async function must(method: string, target: string, who?: Member, body?: unknown) {
  const res = await call(method, target, who, body);
  if (!res.ok) throw new Error(`${method} ${target} → ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** Bounded poll for eventual consistency across the event bus: resolves to `fn`'s first truthy-enough answer. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  tries = 200,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (error) {
      last = error;
    }
    await Bun.sleep(50);
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/**
 * Registers at identity-service (REST) and waits until user-service serves the profile, which it
 * creates from identity's AccountCreated event. `url` is the suite's `shiftedPorts(...).url`.
 */
export async function registerMember(
  url: (name: string, path?: string) => string,
  username: string,
): Promise<Member> {
  const reg = (await must("POST", url("identity-service", "/api/v1/auth/register"), undefined, {
    email: `${username}@example.com`,
    password: "SecurePass123!",
    username,
  })) as { account: { id: string }; tokens: { accessToken: string } };
  const who = { id: reg.account.id, token: reg.tokens.accessToken };
  await until("profile", async () => (await call("GET", url("user-service", "/api/v1/users/me"), who)).ok);
  return who;
}

/** A system suite's services, running in this process. */
export interface SuiteSystem {
  readonly db: DatabaseHandle;
  /** Each started service by name (its context for suites that look inside). */
  readonly services: ReadonlyMap<string, StartedService>;
  /** Stops the services (newest first), closes the database and removes the data dir. */
  stop(): Promise<void>;
}

/**
 * Boots `modules` (in order; they share one migrated PGlite and one data dir) and then the
 * gateway, each on its `url(name)` port with every peer's URL pointing at the suite's own ports.
 * `env(name)` adds a suite's variables for one service.
 */
export async function startSuiteSystem(opts: {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: modules of different services, each with its own config type
  modules: Record<string, ServiceModule<any, any>>;
  // biome-ignore lint/suspicious/noExplicitAny: the gateway's module, same reason
  gateway?: ServiceModule<any, any>;
  url: (name: string) => string;
  env?: (name: string) => Record<string, string>;
}): Promise<SuiteSystem> {
  const dataDir = await mkdtemp(join(tmpdir(), `nova-${opts.name}-`));
  const db = await createTestDatabase({ services: [...Object.keys(opts.modules), EMBEDDED_BUS_MIGRATIONS] });
  const upstream = upstreamEnv((name) => (name in opts.modules ? opts.url(name) : undefined));
  const env = (name: string) => ({
    ...upstream,
    HTTP_PORT: new URL(opts.url(name)).port,
    LOG_LEVEL: "error",
    NOVA_DATA_DIR: dataDir,
    AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    GATEWAY_SUBSCHEMA_POLL_INTERVAL: "600000",
    ...checkFailModes(Object.keys(opts.modules)),
    ...opts.env?.(name),
  });
  const started: [string, StartedService][] = [];
  const stop = async () => {
    for (const [, s] of started.reverse()) await s.stop({ timeoutMs: 1000 });
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    for (const [name, mod] of Object.entries(opts.modules))
      started.push([
        name,
        await startService(mod, mod.loadConfig(env(name)), {
          overrides: { db, log: silentLogger(), processMetrics: false },
        }),
      ]);
    if (opts.gateway)
      started.push([
        "graphql-gateway",
        await startService(opts.gateway, opts.gateway.loadConfig(env("graphql-gateway")), {
          overrides: { log: silentLogger(), processMetrics: false },
        }),
      ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { db, services: new Map(started), stop };
}

/** A tiny 32×24 teal JPEG made by ffmpeg (which media-service needs anyway), for photo uploads. */
export function tealJpeg(): Uint8Array {
  const out = Bun.spawnSync(
    ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=teal:s=32x24"].concat([
      "-frames:v",
      "1",
      "-f",
      "mjpeg",
      "-",
    ]),
  );
  if (!out.success || out.stdout.length === 0) throw new Error(`ffmpeg made no JPEG: ${out.stderr}`);
  return out.stdout;
}
