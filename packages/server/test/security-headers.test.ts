import { describe, expect, test } from "bun:test";
import { createEdgeServer } from "./support/edge-server.ts";

const { server } = createEdgeServer();
const app = server.app;

const requests: [string, RequestInit?][] = [
  ["/api/v1/hashtags/x/posts"],
  ["/api/v1/nowhere"],
  ["/api/v1/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }],
  ["/openapi.json"],
  ["/metrics"],
  ["/api/v1/health/live"],
  [
    "/nova.feature_store.v1.FeatureStoreService/GetFeatures",
    { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
  ],
  ["/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }],
  ["/docs"],
];

describe("security headers", () => {
  test("every response carries nosniff, no framing, no referrer and a resource policy", async () => {
    for (const [path, init] of requests) {
      const res = await app.request(path, init);
      const h = res.headers;
      expect({ path, nosniff: h.get("x-content-type-options") }).toEqual({ path, nosniff: "nosniff" });
      expect(h.get("x-frame-options")).toBe("DENY");
      expect(h.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(h.get("referrer-policy")).toBe("no-referrer");
      expect(h.get("cross-origin-resource-policy")).toBe("same-origin");
      expect(h.get("strict-transport-security")).toBeNull();
    }
  });

  test("API responses get a CSP that allows nothing to load", async () => {
    const res = await app.request("/api/v1/hashtags/x/posts");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test("HSTS is sent only in production and staging", async () => {
    for (const env of ["production", "staging"]) {
      const res = await createEdgeServer({ env }).server.app.request("/api/v1/health/live");
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    }
    const dev = await createEdgeServer({ env: "development" }).server.app.request("/api/v1/health/live");
    expect(dev.headers.get("strict-transport-security")).toBeNull();
  });

  test("/docs has a strict CSP: scripts and styles only from this service, no inline script", async () => {
    const res = await app.request("/docs");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await res.text();
    // Every <script> loads a file from /docs/assets: nothing inline for the CSP to block.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/docs\/assets\//);
      expect(body?.trim()).toBe("");
    }
    const init = await app.request("/docs/assets/swagger-initializer.js");
    expect(init.status).toBe(200);
    expect(init.headers.get("content-type")).toContain("javascript");
    expect(await init.text()).toContain("/openapi.json");
  });
});
