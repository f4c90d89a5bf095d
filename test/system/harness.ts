/**
 * What the system suites share: shifted ports, the upstream-URL environment, and the HTTP calls a
 * journey makes as a member. Each suite owns a port range below the kernel's ephemeral range
 * (32768+): feed-updates 2000–7999, revocation 9100–12223, feed-journey 12300–19113, all-services
 * 19300–23713, identity-journey 23800–28213, social-journey 28300–32713, account-export 9110–11123
 * (shares revocation's range: bun test runs the files one after another, each stopping its servers).
 */
import { SERVICES } from "@nova/config";

/** A signed-in member: the account and its access token. */
export interface Member {
  id: string;
  token: string;
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
