import { describe, expect, test } from "bun:test";
import { currentDeadline } from "@nova/resilience";
import { Hono } from "hono";
import {
  callContextMiddleware,
  getCallContext,
  incomingTimeoutMs,
  isIdempotentMethod,
  resolveTargetUrl,
  targetUrlVariable,
} from "../src/index.ts";
import { EchoService } from "./echo-service.ts";

describe("resolveTargetUrl", () => {
  test("uses <SERVICE>_URL / <SERVICE>_GRPC_URL when set", () => {
    const env = {
      USER_SERVICE_URL: "http://user-service:8011/",
      USER_SERVICE_GRPC_URL: "https://user-service:9011",
    };
    expect(targetUrlVariable("user-service", "connect")).toBe("USER_SERVICE_URL");
    expect(targetUrlVariable("user-service", "grpc")).toBe("USER_SERVICE_GRPC_URL");
    expect(resolveTargetUrl("user-service", "connect", { env })).toBe("http://user-service:8011");
    expect(resolveTargetUrl("user-service", "grpc", { env })).toBe("https://user-service:9011");
  });

  test("falls back to the port convention on 127.0.0.1", () => {
    expect(resolveTargetUrl("feature-store", "connect")).toBe("http://127.0.0.1:8020");
    expect(resolveTargetUrl("feature-store", "grpc")).toBe("http://127.0.0.1:9020");
    expect(resolveTargetUrl("feature-store", "connect-h2", { tls: true })).toBe("https://127.0.0.1:9020");
  });

  test("rejects a malformed URL, an unknown service and gRPC to the gateway", () => {
    expect(() =>
      resolveTargetUrl("user-service", "connect", { env: { USER_SERVICE_URL: "user-service:8011" } }),
    ).toThrow("USER_SERVICE_URL must be an http(s) URL");
    expect(() => resolveTargetUrl("nope-service", "connect")).toThrow('unknown service "nope-service"');
    expect(() => resolveTargetUrl("graphql-gateway", "grpc")).toThrow("has no gRPC port");
  });
});

describe("incomingTimeoutMs", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  test("reads connect-timeout-ms and grpc-timeout in every unit", () => {
    expect(incomingTimeoutMs(h({ "connect-timeout-ms": "1500" }))).toBe(1500);
    expect(incomingTimeoutMs(h({ "grpc-timeout": "250m" }))).toBe(250);
    expect(incomingTimeoutMs(h({ "grpc-timeout": "2S" }))).toBe(2000);
    expect(incomingTimeoutMs(h({ "grpc-timeout": "1M" }))).toBe(60_000);
    expect(incomingTimeoutMs(h({ "grpc-timeout": "5000u" }))).toBe(5);
  });
  test("ignores absent or malformed values", () => {
    expect(incomingTimeoutMs(h({}))).toBeUndefined();
    expect(incomingTimeoutMs(h({ "grpc-timeout": "10x" }))).toBeUndefined();
    expect(incomingTimeoutMs(h({ "connect-timeout-ms": "-1" }))).toBeUndefined();
  });
});

describe("callContextMiddleware", () => {
  test("makes the request's auth, request id, trace and deadline the call context of the handler", async () => {
    const app = new Hono();
    app.use(callContextMiddleware());
    app.get("/x", (c) => c.json({ ctx: getCallContext(), deadline: currentDeadline() }));
    const res = await app.request("/x", {
      headers: {
        authorization: "Bearer t",
        "x-request-id": "req-9",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "connect-timeout-ms": "3000",
      },
    });
    const body = (await res.json()) as { ctx: Record<string, string | number>; deadline: number };
    expect(body.ctx.authorization).toBe("Bearer t");
    expect(body.ctx.requestId).toBe("req-9");
    // Same trace, this hop's new span as the parent of downstream calls.
    expect(String(body.ctx.traceparent)).toMatch(
      /^00-0af7651916cd43dd8448eb211c80319c-(?!b7ad6b7169203331)[0-9a-f]{16}-01$/,
    );
    expect(body.deadline).toBe(body.ctx.deadlineAt as number);
    expect(body.deadline - Date.now()).toBeLessThanOrEqual(3000);
  });
});

describe("isIdempotentMethod", () => {
  test("follows the proto's idempotency_level option", () => {
    const [get, put] = EchoService.methods;
    expect(get && isIdempotentMethod(get)).toBe(true);
    expect(put && isIdempotentMethod(put)).toBe(false);
  });
});
