import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type ConnectRouter, createClient, type HandlerContext } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  createTokenVerifier,
  internalRpc,
  optionalAuth,
  optionalServiceCaller,
  publicRpc,
  SERVICE_TOKEN_HEADER,
  serveRpc,
} from "@nova/auth";
import { createTestServicePki, createTestTokenIssuer } from "@nova/auth/testing";
import { createLogger, createServiceMetrics } from "@nova/observability";
import { Health } from "@nova/proto/grpc/health/v1";
import { AccessTestService as AccessService } from "@nova/testing";
import { createHealth, createServiceServer, listen, type RunningServer } from "../src/index.ts";

const pki = createTestServicePki();
const issuer = await createTestTokenIssuer();
const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
const who = (_req: unknown, ctx: HandlerContext) => ({
  service: optionalServiceCaller(ctx) ?? "",
  account: optionalAuth(ctx)?.accountId ?? "",
});

function serverFor(rpc: (router: ConnectRouter) => void) {
  return createServiceServer({
    service: "graph-service",
    version: "t",
    env: "test",
    description: "access test",
    log: createLogger({ level: "fatal", base: {}, write: () => {} }),
    metrics: createServiceMetrics({ service: "graph-service", version: "t", processMetrics: false }),
    health: createHealth({ service: "graph-service", version: "t", cacheMs: 0 }),
    surface: { rpc },
  });
}

let running: RunningServer;
let http: string;
let grpc: string;
beforeAll(async () => {
  const server = serverFor((router) =>
    serveRpc(router, AccessService, { open: publicRpc(who), secret: internalRpc(who) } as never, {
      verifier,
      identity: pki.identity("graph-service"),
    }),
  );
  running = await listen(server, { httpPort: 0, grpcPort: 0, hostname: "127.0.0.1" });
  http = `http://127.0.0.1:${running.httpPort}`;
  grpc = `http://127.0.0.1:${running.grpcPort}`;
});
afterAll(() => running?.stop({ timeoutMs: 500 }));

/** One Connect JSON call on the HTTP port, as curl would make it. */
async function call(method: "Open" | "Secret", headers: Record<string, string> = {}) {
  const res = await fetch(`${http}/nova.test.v1.AccessService/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: "{}",
  });
  return {
    status: res.status,
    body: (await res.json()) as { code?: string; service?: string; account?: string },
  };
}

const bearer = async (accountId = "acc-1") => ({
  authorization: `Bearer ${await issuer.sign({ accountId })}`,
});
const serviceToken = async (caller = "feed-service", audience = "graph-service") => ({
  [SERVICE_TOKEN_HEADER]: await pki.identity(caller).tokenFor(audience),
});

describe("HTTP port", () => {
  test("internal: no credential → 401 unauthenticated; an end-user token alone → 401", async () => {
    expect(await call("Secret")).toEqual({
      status: 401,
      body: expect.objectContaining({ code: "unauthenticated" }),
    });
    expect((await call("Secret", await bearer())).status).toBe(401);
  });

  test("internal: a service token is accepted and names the caller; a forwarded user token rides along", async () => {
    expect(await call("Secret", await serviceToken())).toEqual({
      status: 200,
      body: { service: "feed-service" },
    });
    const both = await call("Secret", { ...(await serviceToken()), ...(await bearer("acc-9")) });
    expect(both.body).toEqual({ service: "feed-service", account: "acc-9" });
  });

  test("public: an end-user token or a service token; nothing at all is refused", async () => {
    expect((await call("Open")).status).toBe(401);
    expect(await call("Open", await bearer("acc-2"))).toEqual({ status: 200, body: { account: "acc-2" } });
    expect((await call("Open", await serviceToken())).status).toBe(200);
  });

  test("a bad credential is refused even where none is needed", async () => {
    expect((await call("Open", { ...(await bearer()), [SERVICE_TOKEN_HEADER]: "x.y.z" })).status).toBe(401);
    expect((await call("Open", { authorization: "Bearer x.y.z", ...(await serviceToken()) })).status).toBe(
      401,
    );
  });

  test("forged, expired, wrong-audience, unknown-kid and access tokens in the service header are refused", async () => {
    const refusals: Record<string, string> = {};
    const attempt = async (label: string, token: string) => {
      const res = await call("Secret", { [SERVICE_TOKEN_HEADER]: token });
      refusals[label] = `${res.status}`;
    };
    // Signed by a key no bundle trusts, claiming to be feed-service.
    await attempt("forged", await createTestServicePki().identity("feed-service").tokenFor("graph-service"));
    // Expired: signed by a real key with a clock 20 minutes back.
    const past = pki.identity("feed-service", { clock: () => new Date(Date.now() - 20 * 60_000) });
    await attempt("expired", await past.tokenFor("graph-service"));
    // For another service.
    await attempt(
      "wrong audience",
      (await serviceToken("feed-service", "user-service"))[SERVICE_TOKEN_HEADER] ?? "",
    );
    // From a key that was rotated out of the bundle.
    const old = await pki.identity("search-service").tokenFor("graph-service");
    expect((await call("Secret", { [SERVICE_TOKEN_HEADER]: old })).status).toBe(200);
    pki.rotate("search-service", { dropOld: true });
    await attempt("unknown kid", old);
    // An end user's access token is not a service token.
    await attempt("access token", await issuer.sign({ accountId: "acc-1" }));
    expect(refusals).toEqual({
      forged: "401",
      expired: "401",
      "wrong audience": "401",
      "unknown kid": "401",
      "access token": "401",
    });
    // The rotated-in key works at once.
    expect((await call("Secret", await serviceToken("search-service"))).status).toBe(200);
  });
});

describe("gRPC port (h2c)", () => {
  const client = (headers: Record<string, string> = {}) =>
    createClient(
      AccessService,
      createGrpcTransport({
        baseUrl: grpc,
        interceptors: [
          (next) => (req) => {
            for (const [k, v] of Object.entries(headers)) req.header.set(k, v);
            return next(req);
          },
        ],
      }),
    ) as unknown as { secret(r: object): Promise<{ service: string }>; open(r: object): Promise<unknown> };

  test("internal: refused without a service credential and with only a user token, accepted with one", async () => {
    await expect(client().secret({})).rejects.toThrow(/service credential/);
    await expect(client(await bearer()).secret({})).rejects.toThrow(/service credential/);
    expect((await client(await serviceToken()).secret({})).service).toBe("feed-service");
  });

  test("grpc.health.v1 stays open", async () => {
    const health = createClient(Health, createGrpcTransport({ baseUrl: grpc }));
    expect((await health.check({ service: "" })).status).toBe(1);
  });
});

describe("declarations", () => {
  test("a service cannot start with an RPC registered without a declaration", () => {
    expect(() =>
      serverFor((router) => {
        router.service(AccessService, { open: who, secret: who } as never);
      }),
    ).toThrow(/nova.test.v1.AccessService\/Open, nova.test.v1.AccessService\/Secret/);
  });

  test("serveRpc refuses a service with a method left undeclared", () => {
    expect(() =>
      serverFor((router) =>
        serveRpc(router, AccessService, { open: publicRpc(who) } as never, {
          verifier,
          identity: pki.identity("graph-service"),
        }),
      ),
    ).toThrow(/AccessService\/Secret has no access declaration/);
  });
});
