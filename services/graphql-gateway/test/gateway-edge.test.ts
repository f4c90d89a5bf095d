import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createLogger, createServiceMetrics } from "@nova/observability";
import { createHealth, createServiceServer } from "@nova/server";
import { createApp } from "../src/app.ts";
import type { ServiceContext } from "../src/context.ts";
import { createGatewayYoga } from "../src/graphql/index.ts";
import { memoryLog } from "./support/gateway-client.ts";

const allowed = "https://app.nova.example";
const gateway = createGatewayYoga({ upstreams: [], version: "9.9.9", log: memoryLog(), graphiql: true });
const server = createServiceServer({
  service: "graphql-gateway",
  version: "9.9.9",
  env: "production",
  description: "gateway edge test",
  log: createLogger({ level: "error", base: { service: "graphql-gateway" }, write: () => {} }),
  metrics: createServiceMetrics({ service: "graphql-gateway", version: "9.9.9" }),
  health: createHealth({ service: "graphql-gateway", version: "9.9.9", cacheMs: 0, checks: [] }),
  corsOrigins: [allowed],
  surface: createApp({ gateway } as unknown as ServiceContext),
});
const app = server.app;
afterAll(() => gateway.stop());

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return app.request("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body,
  });
}

describe("the gateway's /graphql edge", () => {
  test("a foreign Origin is not reflected and gets no credentials", async () => {
    const res = await post(JSON.stringify({ query: "{ gateway { version } }" }), {
      origin: "https://evil.example",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  test("an allowed origin gets CORS, and its preflight is answered", async () => {
    const res = await post(JSON.stringify({ query: "{ gateway { version } }" }), { origin: allowed });
    expect(res.headers.get("access-control-allow-origin")).toBe(allowed);
    const preflight = await app.request("/graphql", {
      method: "OPTIONS",
      headers: { origin: allowed, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
  });

  test("NUL in a variable is a 400 INVALID_ARGUMENT naming it, never a 500", async () => {
    const res = await post(
      JSON.stringify({ query: "query Q($x: String) { gateway { version } }", variables: { x: "a\u0000" } }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      errors: { extensions: { code: string; violations: { field: string }[] } }[];
    };
    expect(body.errors[0]?.extensions.code).toBe("INVALID_ARGUMENT");
    expect(body.errors[0]?.extensions.violations.map((v) => v.field)).toEqual(["$x"]);
  });

  test("a gzip request body is accepted", async () => {
    const res = await post(gzipSync(JSON.stringify({ query: "{ gateway { version } }" })), {
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { gateway: { version: "9.9.9" } } });
  });

  test("a body over 1 MiB is refused at the edge (413), declared or compressed", async () => {
    const big = JSON.stringify({
      query: "{ gateway { version } }",
      variables: { pad: "x".repeat(1_100_000) },
    });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    // Small on the wire, over the limit once inflated: cut while inflating (yoga's own limit is off).
    const bomb = await post(gzipSync(big), { "content-encoding": "gzip" });
    expect(bomb.status).toBe(413);
  });

  test("responses carry the security headers, HSTS in production", async () => {
    const res = await post(JSON.stringify({ query: "{ gateway { version } }" }));
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  });

  test("GraphiQL gets a strict CSP that allows exactly its own inline script and nothing remote", async () => {
    const res = await app.request("/graphql", { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const html = await res.text();
    const scripts = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    for (const script of scripts) {
      const hash = createHash("sha256").update(script, "utf8").digest("base64");
      expect(scriptSrc).toContain(`'sha256-${hash}'`);
    }
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
  });
});
