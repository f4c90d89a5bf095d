import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { createRoute, z } from "@hono/zod-openapi";
import { ConflictError } from "@nova/errors";
import { createLogger, createServiceMetrics } from "@nova/observability";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@nova/proto/grpc/health/v1";
import { parsePrometheusText } from "@nova/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import { createHealth, createServiceServer, listen, type RunningServer } from "../src/index.ts";

const logs: string[] = [];
let dbUp = true;
let release: (() => void) | undefined;
const health = createHealth({
  service: "test-service",
  version: "1.2.3",
  cacheMs: 0,
  checks: [
    {
      name: "database",
      check: async () => {
        if (!dbUp) throw new Error("connection refused");
      },
    },
  ],
});
const metrics = createServiceMetrics({ service: "test-service", version: "1.2.3" });
const server = createServiceServer({
  service: "test-service",
  version: "1.2.3",
  env: "test",
  description: "kit test",
  log: createLogger({ level: "debug", base: { service: "test-service" }, write: (l) => logs.push(l) }),
  metrics,
  health,
  surface: {
    http(app) {
      app.openapi(
        createRoute({
          method: "post",
          path: "/api/v1/things",
          request: {
            body: {
              content: {
                "application/json": { schema: z.object({ name: z.string().min(3), size: z.number().int() }) },
              },
            },
          },
          responses: {
            201: {
              description: "created",
              content: { "application/json": { schema: z.object({ name: z.string() }) } },
            },
          },
        }),
        (c) => {
          const body = c.req.valid("json");
          if (body.name === "taken") throw new ConflictError("name already used", "name");
          return c.json({ name: body.name }, 201);
        },
      );
      app.get("/api/v1/boom", () => {
        throw new Error("secret internals at db.ts:42");
      });
      app.get("/api/v1/slow", async (c) => {
        await new Promise<void>((r) => {
          release = r;
        });
        return c.json({ done: true });
      });
    },
  },
});

let running: RunningServer;
let base: string;

beforeAll(async () => {
  running = await listen(server, { httpPort: 0, grpcPort: 0, hostname: "127.0.0.1" });
  base = `http://127.0.0.1:${running.httpPort}`;
});
afterAll(async () => {
  await running.stop({ timeoutMs: 1000 });
});

describe("health endpoints", () => {
  test("health reports service, status, version and checks", async () => {
    const res = await fetch(`${base}/api/v1/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ service: "test-service", status: "ok", version: "1.2.3", ready: true });
    expect(body.checks.database.status).toBe("up");
  });

  test("readiness follows the database without a restart, naming the failing check", async () => {
    dbUp = false;
    const down = await fetch(`${base}/api/v1/health/ready`);
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body.checks.database).toMatchObject({ status: "down", error: "connection refused" });
    expect((await fetch(`${base}/api/v1/health/live`)).status).toBe(200);
    dbUp = true;
    expect((await fetch(`${base}/api/v1/health/ready`)).status).toBe(200);
  });

  test("version", async () => {
    const body = await (await fetch(`${base}/api/v1/version`)).json();
    expect(body).toMatchObject({ service: "test-service", version: "1.2.3" });
  });
});

describe("gRPC health on the HTTP/2 port", () => {
  const pkg = protoLoader.loadSync(join(import.meta.dir, "../../../proto/grpc/health/v1/health.proto"), {
    enums: String,
  });
  // biome-ignore lint/suspicious/noExplicitAny: grpc-js dynamic loading has no static types
  const proto = grpc.loadPackageDefinition(pkg) as any;
  const check = (service: string) =>
    new Promise<string>((resolve, reject) => {
      const client = new proto.grpc.health.v1.Health(
        `127.0.0.1:${running.grpcPort}`,
        grpc.credentials.createInsecure(),
      );
      client.Check({ service }, (err: Error | null, res: { status: string }) => {
        client.close();
        if (err) reject(err);
        else resolve(res.status);
      });
    });

  test("a standard gRPC client gets SERVING, then NOT_SERVING when a dependency fails", async () => {
    expect(await check("")).toBe("SERVING");
    dbUp = false;
    expect(await check("")).toBe("NOT_SERVING");
    dbUp = true;
    expect(await check("")).toBe("SERVING");
  });

  test("unknown services are NOT_FOUND", async () => {
    await expect(check("nope.v1.Nope")).rejects.toThrow(/NOT_FOUND|unknown service/);
  });

  test("gRPC metrics are recorded", async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/grpc_server_handled_total\{[^}]*grpc_method="Check"[^}]*grpc_code="OK"/);
  });
});

describe("Connect and gRPC-Web on the HTTP port", () => {
  test("unary over Connect and gRPC-Web", async () => {
    for (const transport of [
      createConnectTransport({ baseUrl: base }),
      createGrpcWebTransport({ baseUrl: base }),
    ]) {
      const client = createClient(Health, transport);
      expect((await client.check({ service: "" })).status).toBe(Status.SERVING);
    }
  });

  test("unary Connect calls answer alike whether read in one piece or streamed (binary, JSON, chunked, errors)", async () => {
    const binary = createClient(Health, createConnectTransport({ baseUrl: base, useBinaryFormat: true }));
    expect((await binary.check({ service: "" })).status).toBe(Status.SERVING);
    await expect(binary.check({ service: "no.such.Service" })).rejects.toMatchObject({ code: Code.NotFound });

    const url = `${base}/grpc.health.v1.Health/Check`;
    const json = { "content-type": "application/json", "connect-protocol-version": "1" };
    const plain = await fetch(url, { method: "POST", headers: json, body: '{"service":""}' });
    expect(await plain.json()).toEqual({ status: "SERVING" });
    // No content-length: Connect's streaming adapter reads it.
    const chunked = await fetch(url, {
      method: "POST",
      headers: json,
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"service":'));
          controller.enqueue(new TextEncoder().encode('"no.such.Service"}'));
          controller.close();
        },
      }),
    });
    expect(chunked.status).toBe(404);
    expect(((await chunked.json()) as { code: string }).code).toBe("not_found");
    const malformed = await fetch(url, { method: "POST", headers: json, body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe("invalid_argument");
    const wrongType = await fetch(url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(wrongType.status).toBe(415);
  });

  test(
    "a quiet server stream is not cut after Bun's default 10 s idle timeout",
    async () => {
      const client = createClient(Health, createConnectTransport({ baseUrl: base }));
      const seen: Status[] = [];
      const ac = new AbortController();
      const done = (async () => {
        try {
          for await (const msg of client.watch({ service: "" }, { signal: ac.signal })) {
            seen.push(msg.status);
            if (seen.length === 2) break;
          }
        } catch (err) {
          if (!ac.signal.aborted) throw err;
        }
      })();
      await Bun.sleep(11_500);
      dbUp = false;
      await done;
      dbUp = true;
      expect(seen).toEqual([Status.SERVING, Status.NOT_SERVING]);
    },
    { timeout: 20_000 },
  );
});

describe("errors", () => {
  test("validation errors name the fields", async () => {
    const res = await fetch(`${base}/api/v1/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x", size: 1.5 }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json();
    expect(body.code).toBe("invalid_argument");
    expect(body.violations.map((v: { field: string }) => v.field).sort()).toEqual(["name", "size"]);
  });

  test("malformed JSON is a 400 problem", async () => {
    const res = await fetch(`${base}/api/v1/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("invalid_argument");
  });

  test("oversized bodies are a 413 problem", async () => {
    const res = await fetch(`${base}/api/v1/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), size: 1 }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe("payload_too_large");
  });

  test("domain errors map to their status", async () => {
    const res = await fetch(`${base}/api/v1/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "taken", size: 1 }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "conflict", violations: [{ field: "name" }] });
  });

  test("unknown errors are 500 with the request id and no internals", async () => {
    const res = await fetch(`${base}/api/v1/boom`, { headers: { "x-request-id": "req-boom-1" } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text).requestId).toBe("req-boom-1");
    expect(logs.some((l) => l.includes("secret internals") && l.includes("req-boom-1"))).toBe(true);
  });

  test("unknown routes are 404 problems", async () => {
    const res = await fetch(`${base}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe("not_found");
  });
});

describe("observability", () => {
  test("request id and traceparent are propagated and logged", async () => {
    const res = await fetch(`${base}/api/v1/version`, {
      headers: {
        "x-request-id": "abc-123",
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      },
    });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(res.headers.get("traceparent")).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    const line = logs.map((l) => JSON.parse(l)).find((r) => r.requestId === "abc-123" && r.msg === "request");
    expect(line).toMatchObject({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      route: "/api/v1/version",
      status: 200,
    });
  });

  test("a Connect call on the HTTP port is logged under the request id it is answered with", async () => {
    // No x-request-id sent: the id the server issues is the one in the response and in both log lines.
    const res = await fetch(`${base}/grpc.health.v1.Health/Check`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        traceparent: "00-5bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      },
      body: "{}",
    });
    expect(res.status).toBe(200);
    const id = res.headers.get("x-request-id");
    expect(id).toBeTruthy();
    const records = logs.map((l) => JSON.parse(l)).filter((r) => r.requestId === id);
    expect(records.find((r) => r.msg === "rpc")).toMatchObject({
      rpc: "grpc.health.v1.Health/Check",
      code: "OK",
      traceId: "5bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(records.find((r) => r.msg === "request")).toMatchObject({ status: 200 });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      /grpc_server_handled_total\{grpc_service="grpc.health.v1.Health",grpc_method="Check",grpc_type="unary",grpc_code="OK",service="test-service",version="1.2.3"\} [1-9]/,
    );
  });

  test("/metrics is valid Prometheus exposition with route templates", async () => {
    await fetch(`${base}/api/v1/things`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const { problems, families } = parsePrometheusText(text);
    expect(problems).toEqual([]);
    for (const f of [
      "http_requests_total",
      "http_request_duration_seconds",
      "grpc_server_handled_total",
      "grpc_server_handling_seconds",
    ]) {
      expect(families.has(f)).toBe(true);
    }
    expect(text).toMatch(
      /http_requests_total\{method="POST",route="\/api\/v1\/things",status="400",service="test-service",version="1.2.3"\} \d/,
    );
  });

  test("the metrics validator rejects malformed exposition", () => {
    expect(parsePrometheusText("foo{a=b} 1\n").problems.length).toBeGreaterThan(0);
    expect(parsePrometheusText("# TYPE foo counter\nfoo 1\n").problems).toEqual([]);
  });
});

describe("API docs", () => {
  test("/openapi.json is a valid OpenAPI 3 document listing the routes", async () => {
    const doc = await (await fetch(`${base}/openapi.json`)).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/health", "/api/v1/health/ready", "/api/v1/things"]),
    );
  });

  test("/docs renders from local assets only", async () => {
    const html = await (await fetch(`${base}/docs`)).text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const src of html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)) {
      const res = await fetch(`${base}${src[1]}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });
});

describe("graceful shutdown", () => {
  test("readiness turns 503, in-flight requests finish, then the ports close", async () => {
    const own = await listen(server, { httpPort: 0, grpcPort: 0, hostname: "127.0.0.1" });
    const url = `http://127.0.0.1:${own.httpPort}`;
    const inflight = fetch(`${url}/api/v1/slow`);
    await Bun.sleep(100);
    const stopped = own.stop({ timeoutMs: 5000 });
    expect((await health.evaluate()).status).toBe("draining");
    await Bun.sleep(100);
    release?.();
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await stopped;
    await expect(fetch(`${url}/api/v1/health/live`)).rejects.toThrow();
  });
});
