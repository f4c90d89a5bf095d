import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ConnectRouter } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { createTokenVerifier, publicRpc, SERVICE_TOKEN_HEADER, serveRpc } from "@nova/auth";
import { createTestServicePki, createTestTokenIssuer } from "@nova/auth/testing";
import { DomainError, NotFoundError, UnavailableError } from "@nova/errors";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@nova/proto/grpc/health/v1";
import { CircuitOpenError, createPolicy, runWithDeadline } from "@nova/resilience";
import { Registry } from "prom-client";
import {
  callContextInterceptor,
  closeServiceClient,
  createServiceClient,
  type RpcProtocol,
  runWithCallContext,
} from "../src/index.ts";
import { EchoService } from "./echo-service.ts";
import { type KitServer, startKitServer } from "./kit-server.ts";

interface Echo {
  get(req: { text: string }): Promise<{ text: string }>;
  put(req: { text: string }): Promise<{ text: string }>;
  relay(req: { text: string }): Promise<{ text: string }>;
}

const config = (name: string) => ({
  service: { name, version: "test", env: "test" as const },
  grpc: { port: null, requestTimeoutMs: 10_000, connectionPoolSize: 2 },
});

/** What the server saw, per call. */
const seen: { method: string; headers: Headers }[] = [];
let failNext: { method: string; times: number; error: () => Error } | undefined;
let kit: KitServer;
let relayTo: Echo | undefined;
// The echo server is user-service; its clients speak as content-service (each call carries its token).
const pki = createTestServicePki();
const issuer = await createTestTokenIssuer();
const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
const userToken = await issuer.sign({ accountId: "acc-1" });

function echoRoutes(router: ConnectRouter) {
  const handle = (method: string) => async (req: { text: string }, ctx: { requestHeader: Headers }) => {
    seen.push({ method, headers: new Headers(ctx.requestHeader) });
    if (failNext?.method === method && failNext.times > 0) {
      failNext.times--;
      throw failNext.error();
    }
    if (req.text === "missing") throw new NotFoundError("post", "p-1");
    if (method === "relay" && relayTo) return relayTo.get({ text: `relayed ${req.text}` });
    return { text: `${method} ${req.text}` };
  };
  serveRpc(
    router,
    EchoService,
    {
      get: publicRpc(handle("get")),
      put: publicRpc(handle("put")),
      relay: publicRpc(handle("relay")),
    } as never,
    { verifier, identity: pki.identity("user-service") },
  );
}

beforeAll(async () => {
  kit = await startKitServer({ rpc: echoRoutes, interceptors: [callContextInterceptor()] });
});
afterAll(async () => {
  await kit.stop();
});

function client(
  protocol: RpcProtocol,
  extra: { registry?: Registry; policy?: ReturnType<typeof createPolicy> | false } = {},
) {
  return createServiceClient(EchoService, {
    target: "user-service",
    config: config("content-service"),
    protocol,
    baseUrl: protocol === "connect" ? kit.httpUrl : kit.grpcUrl,
    registry: extra.registry,
    identity: pki.identity("content-service"),
    policy:
      extra.policy ??
      createPolicy({
        name: "user-service",
        retry: { maxAttempts: 3, baseDelayMs: 1 },
        breaker: { consecutiveFailures: 50 },
      }),
  }) as unknown as Echo;
}

async function metric(registry: Registry, name: string, labels: Record<string, string>) {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values
    .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
    .reduce((sum, v) => sum + v.value, 0);
}

for (const protocol of ["connect", "grpc"] as const) {
  describe(`createServiceClient over ${protocol}`, () => {
    test("calls grpc.health.v1.Health/Check and a service method on a real kit server", async () => {
      const health = createServiceClient(Health, {
        target: "user-service",
        config: config("content-service"),
        protocol,
        baseUrl: protocol === "connect" ? kit.httpUrl : kit.grpcUrl,
        policy: false,
      });
      expect((await health.check({ service: "" })).status).toBe(Status.SERVING);
      expect(await client(protocol).get({ text: "hi" })).toMatchObject({ text: "get hi" });
      closeServiceClient(health);
    });

    test("propagates authorization, request id, trace and caller identity from the call context", async () => {
      seen.length = 0;
      const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
      await runWithCallContext(
        { authorization: `Bearer ${userToken}`, requestId: "req-123", traceparent },
        () => client(protocol).get({ text: "x" }),
      );
      const h = seen.at(-1)?.headers;
      expect(h?.get("authorization")).toBe(`Bearer ${userToken}`);
      // The service credential rides along, addressed to the service called, and was verified.
      expect(await pki.identity("user-service").verify(h?.get(SERVICE_TOKEN_HEADER) ?? "")).toBe(
        "content-service",
      );
      expect(h?.get("x-request-id")).toBe("req-123");
      expect(h?.get("traceparent")).toBe(traceparent);
      expect(h?.get("x-nova-caller-service")).toBe("content-service");
    });

    test("sends the caller's remaining deadline, not the longer default", async () => {
      seen.length = 0;
      await runWithDeadline(Date.now() + 800, () => client(protocol).get({ text: "x" }));
      const h = seen.at(-1)?.headers;
      const sentMs =
        protocol === "connect"
          ? Number(h?.get("connect-timeout-ms"))
          : Number(h?.get("grpc-timeout")?.slice(0, -1));
      expect(sentMs).toBeGreaterThan(0);
      expect(sentMs).toBeLessThanOrEqual(800);
    });

    test("without a caller deadline, sends GRPC_REQUEST_TIMEOUT", async () => {
      seen.length = 0;
      await client(protocol).get({ text: "x" });
      const h = seen.at(-1)?.headers;
      const sent = protocol === "connect" ? h?.get("connect-timeout-ms") : h?.get("grpc-timeout");
      expect(sent).toMatch(/^(9\d{3}|10000)m?$/);
    });

    test("a server's inbound deadline, request id and auth flow into its own outgoing calls", async () => {
      seen.length = 0;
      const relayClient = client(protocol);
      relayTo = client(protocol);
      await runWithCallContext({ authorization: `Bearer ${userToken}`, requestId: "req-relay" }, () =>
        runWithDeadline(Date.now() + 700, () => relayClient.relay({ text: "a" })),
      );
      relayTo = undefined;
      const inner = seen.find((s) => s.method === "get")?.headers;
      expect(inner?.get("x-request-id")).toBe("req-relay");
      expect(inner?.get("authorization")).toBe(`Bearer ${userToken}`);
      const ms =
        protocol === "connect"
          ? Number(inner?.get("connect-timeout-ms"))
          : Number(inner?.get("grpc-timeout")?.slice(0, -1));
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(700);
    });

    test("retries an idempotent (NO_SIDE_EFFECTS) method on unavailable", async () => {
      seen.length = 0;
      failNext = { method: "get", times: 2, error: () => new ConnectError("warming up", Code.Unavailable) };
      expect(await client(protocol).get({ text: "r" })).toMatchObject({ text: "get r" });
      expect(seen.filter((s) => s.method === "get")).toHaveLength(3);
    });

    test("never retries a method without an idempotency level", async () => {
      seen.length = 0;
      failNext = { method: "put", times: 1, error: () => new ConnectError("warming up", Code.Unavailable) };
      const err = await client(protocol)
        .put({ text: "w" })
        .catch((e) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err.code).toBe("unavailable");
      expect(seen.filter((s) => s.method === "put")).toHaveLength(1);
      failNext = undefined;
    });

    test("returns a peer's domain error as a DomainError with its code, without retrying it", async () => {
      seen.length = 0;
      const err = await client(protocol)
        .get({ text: "missing" })
        .catch((e) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err.code).toBe("not_found");
      expect(err.message).toBe("post p-1 not found");
      expect(seen).toHaveLength(1);
    });

    test("records grpc_client_* metrics by caller, target, method and code", async () => {
      const registry = new Registry();
      const c = client(protocol, { registry });
      await c.get({ text: "m" });
      await c.get({ text: "missing" }).catch(() => {});
      const base = {
        service: "content-service",
        target: "user-service",
        method: "nova.test.v1.EchoService/Get",
      };
      expect(await metric(registry, "grpc_client_requests_total", { ...base, code: "OK" })).toBe(1);
      expect(await metric(registry, "grpc_client_requests_total", { ...base, code: "NOT_FOUND" })).toBe(1);
      expect(await metric(registry, "grpc_client_errors_total", { ...base, code: "NOT_FOUND" })).toBe(1);
      const text = await registry.metrics();
      expect(text).toContain("grpc_client_duration_seconds_bucket");
    });
  });
}

describe("circuit breaker against a real listener", () => {
  for (const protocol of ["connect", "grpc"] as const) {
    test(`${protocol}: opens when the server stops, fails fast, and closes after it restarts`, async () => {
      const registry = new Registry();
      const policy = createPolicy({
        name: "user-service",
        retry: false,
        breaker: { consecutiveFailures: 3, openMs: 300, halfOpenProbes: 1 },
        registry,
      });
      const c = client(protocol, { registry, policy });
      expect(await c.get({ text: "before" })).toMatchObject({ text: "get before" });

      await kit.stop();
      for (let i = 0; i < 3; i++) {
        const err = await c.get({ text: "down" }).catch((e) => e);
        expect(err).toBeInstanceOf(UnavailableError);
        expect(err).not.toBeInstanceOf(CircuitOpenError);
      }
      expect(policy.breaker?.state).toBe("open");
      expect(await c.get({ text: "fast" }).catch((e) => e)).toBeInstanceOf(CircuitOpenError);

      await kit.restart();
      await Bun.sleep(350); // the breaker's real cool-down
      expect(await c.get({ text: "after" })).toMatchObject({ text: "get after" });
      expect(policy.breaker?.state).toBe("closed");
      expect(
        await metric(registry, "resilience_circuit_transitions_total", {
          name: "user-service",
          from: "closed",
          to: "open",
        }),
      ).toBe(1);
      expect(
        await metric(registry, "resilience_circuit_transitions_total", {
          name: "user-service",
          from: "half_open",
          to: "closed",
        }),
      ).toBe(1);
      expect(
        await metric(registry, "resilience_rejections_total", {
          name: "user-service",
          reason: "circuit_open",
        }),
      ).toBe(1);
      expect(
        await metric(registry, "grpc_client_errors_total", { target: "user-service", code: "UNAVAILABLE" }),
      ).toBe(3);
    });
  }
});
