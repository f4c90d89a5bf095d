/**
 * identity-service, user-service and the gateway in one process on shifted ports with a private
 * PGlite, driven as a client would: the account journey over GraphQL through the gateway, and the
 * life of an access token across services (JWKS, logout-everywhere, key rotation, deletion). Both
 * services (and the gateway, whose service tokens they check) share one movable clock (real time plus a skew) so token expiry needs no waiting.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { connect } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseHandle } from "@nova/db";
import { service as gateway } from "@nova/graphql-gateway";
import { service as identity, rotateSigningKey } from "@nova/identity-service";
import { type StartedService, startService } from "@nova/kit";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { service as user } from "@nova/user-service";
import { totpAt } from "../../services/identity-service/src/security/totp.ts";
import { checkFailModes, freeOffset, shiftedPorts, upstreamEnv } from "./harness.ts";

// Ports 23800..28213: below the ephemeral range (32768+), clear of the other system suites.
const offset = freeOffset(15_800, 340);
const { port } = shiftedPorts(offset);
const identityUrl = `http://127.0.0.1:${port("identity-service")}`;
const userUrl = `http://127.0.0.1:${port("user-service")}`;
const gatewayUrl = `http://127.0.0.1:${port("graphql-gateway")}/graphql`;
const ACCESS_TTL_MS = 60_000;
const PASSWORD = "SecurePass123!";
const JWKS_PATH = "/.well-known/jwks.json";

const upstream = upstreamEnv((name) =>
  name === "identity-service" ? identityUrl : name === "user-service" ? userUrl : undefined,
);

let skewMs = 0;
const clock = () => new Date(Date.now() + skewMs);
let db: DatabaseHandle;
let dataDir: string;
const started: StartedService[] = [];
let identityService: StartedService<Parameters<typeof rotateSigningKey>[0]["ctx"]>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "nova-journey-"));
  db = await createTestDatabase({ services: ["identity-service", "user-service"] });
  const env = (name: string) => ({
    ...upstream,
    HTTP_PORT: String(port(name)),
    LOG_LEVEL: "error",
    NOVA_DATA_DIR: dataDir,
    ACCESS_TOKEN_TTL: `${ACCESS_TTL_MS}ms`,
    AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    GATEWAY_SUBSCHEMA_POLL_INTERVAL: "600000",
    // Only identity, user and the gateway run here: with no trust-safety-service to check profile
    // text and sign-up usernames, they are saved (and counted) instead of refused with 503.
    ...checkFailModes(["identity-service", "user-service"]),
  });
  const overrides = { db, log: silentLogger(), processMetrics: false, clock };
  identityService = await startService(identity, identity.loadConfig(env("identity-service")), { overrides });
  started.push(identityService);
  started.push(await startService(user, user.loadConfig(env("user-service")), { overrides }));
  started.push(
    await startService(gateway, gateway.loadConfig(env("graphql-gateway")), {
      overrides: { log: silentLogger(), processMetrics: false, clock },
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const s of started.reverse()) await s.stop({ timeoutMs: 1000 });
  await db?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are shaped by the query; the assertions check them
type Data = Record<string, any>;

interface GqlResult {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const CLIENT_HEADERS = { "user-agent": "NovaJourney/1.0 (test)", "x-forwarded-for": "203.0.113.50" };

async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlResult> {
  const res = await fetch(gatewayUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...CLIENT_HEADERS,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult;
}

async function ok(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const r = await gql(query, variables, token);
  if (r.errors?.length) throw new Error(`${query}\n→ ${JSON.stringify(r.errors)}`);
  return r.data as Data;
}

/** The newest mail to `to` in the embedded mailer's folder, body decoded. */
async function lastMailTo(to: string): Promise<string> {
  const dir = join(dataDir, "mail");
  const names = (await readdir(dir)).filter((n) => n.endsWith(".eml")).sort();
  for (const name of names.reverse()) {
    const raw = await readFile(join(dir, name), "utf8");
    const [head = "", body = ""] = raw.split("\r\n\r\n");
    if (!new RegExp(`^To: .*${to.replace(".", "\\.")}`, "m").test(head)) continue;
    return Buffer.from(body.replace(/\r\n/g, ""), "base64").toString("utf8");
  }
  throw new Error(`no mail to ${to}`);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await Bun.sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

const userMe = (token: string) =>
  fetch(`${userUrl}/api/v1/users/me`, { headers: { authorization: `Bearer ${token}` } });

/** IntrospectToken is internal: asked as user-service, with its service token (from the dev PKI). */
async function introspect(token: string): Promise<{ active?: boolean; reason?: string }> {
  const asUserService = await (started[1] as StartedService).ctx.identity.tokenFor("identity-service");
  const res = await fetch(`${identityUrl}/nova.identity.v1.IdentityService/IntrospectToken`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-nova-service-token": asUserService },
    body: JSON.stringify({ token }),
  });
  return res.json();
}

async function registerRest(username: string) {
  const res = await fetch(`${identityUrl}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${username}@example.com`, password: PASSWORD, username }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as {
    account: { id: string };
    tokens: { accessToken: string; refreshToken: string };
  };
}

const TOKENS = "tokens { accessToken refreshToken }";

describe("tokens across services", () => {
  // First, while user-service has not fetched the JWKS yet (its unknown-kid refetch has a 30 s cooldown).
  test("after a key rotation both keys verify at user-service; once the old key is removed it verifies nowhere", async () => {
    const a = await registerRest("rotator");
    const before = a.tokens.accessToken;
    const { previousKid, kid } = await rotateSigningKey({ ctx: identityService.ctx });
    expect(kid).not.toBe(previousKid);
    const after = (await registerRest("rotator2")).tokens.accessToken;
    expect((await userMe(after)).status).not.toBe(401);
    expect((await userMe(before)).status).not.toBe(401);
    const listed = async () =>
      ((await (await fetch(`${identityUrl}${JWKS_PATH}`)).json()).keys as { kid: string }[]).map(
        (k) => k.kid,
      );
    expect(await listed()).toEqual(expect.arrayContaining([kid, previousKid]));

    // Past the old key's horizon (its last token's lifetime + heartbeat margin), the real JWKS drops it.
    skewMs += ACCESS_TTL_MS + 3 * 60_000 + 10_000;
    await Bun.sleep(5); // identity caches its key set for 5 s of its clock, which just moved past that
    expect(await listed()).not.toContain(previousKid);
    // The old token names the removed key: no verifier reading the real JWKS can check it any more.
    expect(JSON.parse(atob(before.split(".")[0] ?? "")).kid).toBe(previousKid);
    expect((await userMe(before)).status).toBe(401);
    expect(await introspect(before)).toMatchObject({
      reason: expect.stringMatching(/exp|key|kid|signature/i),
    });
  });

  test("a token is accepted by user-service via JWKS and refused after logout-everywhere within its lifetime", async () => {
    const a = await registerRest("everywhere");
    await until("profile", async () =>
      (await userMe(a.tokens.accessToken)).status === 200 ? true : undefined,
    );
    const out = await fetch(`${identityUrl}/api/v1/auth/logout-everywhere`, {
      method: "POST",
      headers: { authorization: `Bearer ${a.tokens.accessToken}` },
    });
    expect((await out.json()).revokedSessions).toBe(1);
    // Identity knows at once, and says so to any service that asks …
    expect(await introspect(a.tokens.accessToken)).toMatchObject({ reason: "session revoked" });
    // … and user-service refuses it at once (SessionsRevoked on the revocation channel), as it does
    // once its lifetime is over.
    expect((await userMe(a.tokens.accessToken)).status).toBe(401);
    skewMs += ACCESS_TTL_MS + 6_000;
    expect((await userMe(a.tokens.accessToken)).status).toBe(401);
  });
});

describe("zero trust between services", () => {
  /** One Connect JSON call over h2c on the gRPC port (what `curl --http2-prior-knowledge` sends). */
  function h2Call(path: string, headers: Record<string, string>, body: unknown): Promise<number> {
    return new Promise((resolve, reject) => {
      const session = connect(`http://127.0.0.1:${port("identity-service") + 1000}`);
      session.once("error", reject);
      const req = session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/json",
        ...headers,
      });
      req.once("response", (h) => {
        resolve(Number(h[":status"]));
        session.close();
      });
      req.once("error", reject);
      req.end(JSON.stringify(body));
    });
  }

  test("an internal RPC is refused without a service credential on both ports, and with only an end-user token", async () => {
    const a = await registerRest("zerotrust");
    const path = "/nova.identity.v1.IdentityService/BatchGetAccountStatus";
    const body = { accountIds: [a.account.id] };
    const bearer = { authorization: `Bearer ${a.tokens.accessToken}` };
    const http = (headers: Record<string, string>) =>
      fetch(`${identityUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      }).then((r) => r.status);
    const service = {
      "x-nova-service-token": await (started[1] as StartedService).ctx.identity.tokenFor("identity-service"),
    };
    expect({
      httpNone: await http({}),
      httpUser: await http(bearer),
      httpService: await http(service),
      grpcNone: await h2Call(path, {}, body),
      grpcUser: await h2Call(path, bearer, body),
      grpcService: await h2Call(path, service, body),
    }).toEqual({
      httpNone: 401,
      httpUser: 401,
      httpService: 200,
      grpcNone: 401,
      grpcUser: 401,
      grpcService: 200,
    });
  });
});

describe("account journey through the gateway", () => {
  test("register → verify email → login → 2FA → login with code → refresh → reuse detected → profile → logout", async () => {
    const email = "journey@example.com";
    const reg = await ok(
      `mutation($i: RegisterInput!) { register(input: $i) { account { id username emailVerified } ${TOKENS} } }`,
      { i: { email, password: PASSWORD, username: "Journey_User", deviceName: "Journey phone" } },
    );
    const accountId: string = reg.register.account.id;
    expect(reg.register.account).toMatchObject({ username: "Journey_User", emailVerified: false });

    const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(await lastMailTo(email))?.[1];
    const verified = await ok("mutation($t: String!) { verifyEmail(token: $t) { emailVerified } }", {
      t: token,
    });
    expect(verified.verifyEmail.emailVerified).toBe(true);

    const login = async () =>
      (
        await ok(`mutation($i: LoginInput!) { login(input: $i) { status challengeToken ${TOKENS} } }`, {
          i: { identifier: "journey_user", password: PASSWORD },
        })
      ).login;
    const first = await login();
    expect(first.status.toLowerCase()).toBe("authenticated");
    const access1: string = first.tokens.accessToken;

    const enrol = await ok("mutation { enrollTwoFactor { secret otpauthUri } }", {}, access1);
    const secret: string = enrol.enrollTwoFactor.secret;
    const confirm = await ok(
      "mutation($c: String!) { confirmTwoFactor(code: $c) }",
      { c: totpAt(secret, clock()) },
      access1,
    );
    expect(confirm.confirmTwoFactor).toHaveLength(10);

    skewMs += 30_000; // next TOTP step: a code is accepted once
    const challenged = await login();
    expect(challenged.status.toLowerCase()).toBe("two_factor_required");
    expect(challenged.tokens).toBeNull();
    const withCode = await ok(
      `mutation($t: String!, $c: String!) { loginWithTwoFactor(challengeToken: $t, code: $c) { account { twoFactorEnabled } ${TOKENS} } }`,
      { t: challenged.challengeToken, c: totpAt(secret, clock()) },
    );
    expect(withCode.loginWithTwoFactor.account.twoFactorEnabled).toBe(true);
    const oldRefresh: string = withCode.loginWithTwoFactor.tokens.refreshToken;

    // The session records the client's user agent and address as the gateway forwarded them.
    const sessions = await ok(
      "{ myAccount { sessions { current ip userAgent method } } }",
      {},
      withCode.loginWithTwoFactor.tokens.accessToken,
    );
    const current = sessions.myAccount.sessions.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({
      userAgent: CLIENT_HEADERS["user-agent"],
      method: "totp",
      // The journey talks from loopback, which the default TRUSTED_PROXIES trusts as a proxy (the
      // dev topology), so its X-Forwarded-For is the client's address; the gateway forwards it as
      // the one hop identity believes.
      ip: "203.0.113.50",
    });

    const refreshed = await ok(
      "mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken } }",
      { r: oldRefresh },
    );
    const newRefresh: string = refreshed.refreshToken.refreshToken;
    expect(newRefresh).not.toBe(oldRefresh);
    const reuse = await gql("mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }", {
      r: oldRefresh,
    });
    expect(reuse.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const family = await gql("mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }", {
      r: newRefresh,
    });
    expect(family.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    skewMs += 30_000;
    const again = await login();
    const fresh = await ok(
      `mutation($t: String!, $c: String!) { loginWithTwoFactor(challengeToken: $t, code: $c) { ${TOKENS} } }`,
      { t: again.challengeToken, c: totpAt(secret, clock()) },
    );
    const access: string = fresh.loginWithTwoFactor.tokens.accessToken;
    await until("profile from AccountCreated", async () =>
      (await gql("{ me { id } }", {}, access)).data?.me ? true : undefined,
    );
    const updated = await ok(
      'mutation { updateProfile(input: { displayName: "Journey Person", bio: "on the way" }) { id displayName bio } }',
      {},
      access,
    );
    expect(updated.updateProfile).toEqual({
      id: accountId,
      displayName: "Journey Person",
      bio: "on the way",
    });
    const me = await ok("{ me { username displayName account { email twoFactorEnabled } } }", {}, access);
    // Profiles keep the canonical (lower-case) form of the username.
    expect(me.me).toEqual({
      username: "journey_user",
      displayName: "Journey Person",
      account: { email, twoFactorEnabled: true },
    });

    const exported = await fetch(`${identityUrl}/api/v1/account/export`, {
      headers: { authorization: `Bearer ${access}` },
    });
    const dump = await exported.json();
    const profilePart = dump.parts.find((p: { service: string }) => p.service === "user-service");
    expect(profilePart.data.profile).toMatchObject({ id: accountId, displayName: "Journey Person" });
    // Only identity and user run in this suite: the other contributors' parts are named as missing
    // (test/system/account-export.test.ts runs them all and expects a complete export).
    const missing = dump.parts
      .filter((p: { error?: string }) => p.error)
      .map((p: { service: string }) => p.service);
    expect(missing.sort()).toEqual([
      "analytics-service",
      "content-service",
      "feature-store",
      "graph-service",
      "media-service",
      "notification-service",
      "ranking-service",
      "realtime-chat-service",
      "search-service",
      "social-service",
      "trust-safety-service",
    ]);
    expect(dump.incomplete).toBe(true);

    expect((await ok("mutation { logout }", {}, access)).logout).toBe(true);
    const afterLogout = await gql("{ myAccount { id } }", {}, access);
    expect(afterLogout.data?.myAccount ?? null).toBeNull();
    expect(await introspect(access)).toMatchObject({ reason: "session revoked" });
  });

  test("a deleted account's profile is erased and its token refused everywhere at once", async () => {
    const a = await registerRest("leaving");
    await until("profile", async () =>
      (await userMe(a.tokens.accessToken)).status === 200 ? true : undefined,
    );
    const res = await fetch(`${identityUrl}/api/v1/account`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${a.tokens.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(await introspect(a.tokens.accessToken)).toMatchObject({
      reason: expect.stringMatching(/revoked|deleted/),
    });
    expect((await userMe(a.tokens.accessToken)).status).toBe(401);
    await until("profile erased", async () => {
      const r = await fetch(`${userUrl}/api/v1/users/${a.account.id}`);
      return r.status === 404 ? true : undefined;
    });
    skewMs += ACCESS_TTL_MS + 6_000;
    expect((await userMe(a.tokens.accessToken)).status).toBe(401);
  });
});
