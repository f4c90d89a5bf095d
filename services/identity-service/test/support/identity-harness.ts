import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient, createRouterTransport, type Interceptor } from "@connectrpc/connect";
import type { TestServicePki } from "@nova/auth/testing";
import type { EventBus } from "@nova/events";
import { FakeTrustSafety, socketPeer, startServiceUnderTest } from "@nova/kit/testing";
import { IdentityService } from "@nova/proto/identity/v1";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type IdentityServiceOverrides, type ServiceContext } from "../../src/context.ts";
import { afterAnswerSettled } from "../../src/domain/after-answer.ts";

export type DatabaseKind = "pglite" | "postgres";
export const DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

export interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; violations?: unknown[] } }[];
}

export interface IdentityHarness {
  ctx: ServiceContext;
  dataDir: string;
  /** Moves the service's clock (lockouts, token expiry, TOTP steps, key horizon). */
  advance(ms: number): void;
  now(): Date;
  request(
    path: string,
    /** `ip`: the socket peer the request comes from (as Bun.serve's `requestIP` reports it). */
    init?: RequestInit & { token?: string; json?: unknown; ip?: string },
  ): Promise<Response>;
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResult>;
  /** Service keys: identity-service and any peer calling it. */
  pki: TestServicePki;
  /**
   * Connect client over an in-memory transport with the kit's interceptors, carrying `caller`'s
   * service credential (default user-service; null: none) and `token` as the end user's.
   */
  rpc(caller?: string | null, token?: string): Client<typeof IdentityService>;
  /** The .eml files written to `<dataDir>/mail/`, oldest first, decoded. */
  mails(): Promise<{ to: string; subject: string; text: string }[]>;
  /** Registers an account and returns its tokens. */
  register(username: string, password?: string): Promise<RegisteredAccount>;
  close(): Promise<void>;
}

export interface RegisteredAccount {
  id: string;
  email: string;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

export const GOOD_PASSWORD = "SecurePass123!";

/** A bus that records what the relay would publish; the relay is not started in tests. */
function quietBus(): EventBus {
  return {
    kind: "embedded",
    publish: async () => {},
    subscribe: async () => {
      throw new Error("not in identity tests");
    },
    close: async () => {},
  } as unknown as EventBus;
}

function decodeEml(raw: string): { to: string; subject: string; text: string } {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "m").exec(head)?.[1]?.trim() ?? "";
  return {
    to: header("To").replace(/[<>]/g, ""),
    subject: header("Subject"),
    text: Buffer.from(body.replace(/\r\n/g, ""), "base64").toString("utf8"),
  };
}

/** identity-service on a fresh database and data directory, driven through its real app. */
export async function startIdentity(
  kind: DatabaseKind = "pglite",
  env: Record<string, string> = {},
  overrides: Pick<IdentityServiceOverrides, "users" | "oidc" | "trustSafety"> = {},
): Promise<IdentityHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), "nova-identity-"));
  let now = Date.parse("2030-01-01T00:00:00Z");
  const clock = () => new Date(now);
  const h = await startServiceUnderTest(
    { name: "identity-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      database: kind,
      trustIssuer: false,
      env: {
        NOVA_DATA_DIR: dataDir,
        AUTH_RATE_LIMIT_PER_MINUTE: "10000",
        // Nothing listens on port 9: user-service is "down" unless a test passes a client.
        USER_SERVICE_URL: "http://127.0.0.1:9",
        ...env,
      },
      // trust-safety allows every sign-up username unless a test passes its own.
      overrides: { clock, bus: quietBus(), trustSafety: new FakeTrustSafety().client(), ...overrides },
      server: (config) => ({
        rpcServiceNames: ["nova.identity.v1.IdentityService"],
        trustedProxies: config.trustedProxies,
      }),
    },
  );
  const { ctx, server, pki } = h;
  const transportFor = (caller: string | null, token?: string) => {
    const interceptors: Interceptor[] = caller ? [pki.interceptor(caller, "identity-service")] : [];
    if (token)
      interceptors.push((next) => (req) => {
        req.header.set("authorization", `Bearer ${token}`);
        return next(req);
      });
    return createRouterTransport(server.routes, {
      router: { interceptors: server.interceptors },
      transport: { interceptors },
    });
  };

  const request: IdentityHarness["request"] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    let bodyInit = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      bodyInit = JSON.stringify(init.json);
    }
    return Promise.resolve(
      server.app.request(
        path,
        {
          ...init,
          headers,
          body: bodyInit,
          method: init.method ?? (bodyInit ? "POST" : "GET"),
        },
        init.ip ? socketPeer(init.ip) : undefined,
      ),
    );
  };

  const harness: IdentityHarness = {
    ctx,
    dataDir,
    advance: (ms) => {
      now += ms;
    },
    now: clock,
    request,
    async graphql(query, variables, token) {
      // As the gateway sends it: a service's /graphql answers only the gateway's service credential.
      const headers = await pki.headers("graphql-gateway", "identity-service");
      const res = await request("/graphql", { json: { query, variables }, token, headers });
      return (await res.json()) as GraphqlResult;
    },
    pki,
    rpc: (caller = "user-service", token) => createClient(IdentityService, transportFor(caller, token)),
    async mails() {
      await afterAnswerSettled(ctx); // mail sent after the answer (reset links)
      const dir = join(dataDir, "mail");
      const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith(".eml")).sort();
      return Promise.all(names.map(async (n) => decodeEml(await readFile(join(dir, n), "utf8"))));
    },
    async register(username, password = GOOD_PASSWORD) {
      const email = `${username}@example.com`;
      const res = await request("/api/v1/auth/register", { json: { email, password, username } });
      if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as {
        account: { id: string };
        tokens: { accessToken: string; refreshToken: string; sessionId: string };
      };
      return { id: body.account.id, email, username, password, ...body.tokens };
    },
    async close() {
      await h.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The token in a mail's link (`?token=…`). */
export function tokenFromMail(text: string): string {
  const m = /[?&]token=([A-Za-z0-9_-]+)/.exec(text);
  if (!m?.[1]) throw new Error(`no token in mail:\n${text}`);
  return m[1];
}
