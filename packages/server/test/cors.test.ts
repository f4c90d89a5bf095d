import { describe, expect, test } from "bun:test";
import { createEdgeServer } from "./support/edge-server.ts";

const allowed = "https://app.nova.example";
const foreign = "https://evil.example";
const { server } = createEdgeServer({ corsOrigins: [allowed, "http://localhost:3000"] });
const app = server.app;

const graphql = (origin: string) =>
  app.request("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ query: "{ ok }" }),
  });

describe("CORS allow-list", () => {
  test("a foreign Origin is never reflected, even where the handler itself set CORS headers", async () => {
    const res = await graphql(foreign);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    const rest = await app.request("/api/v1/hashtags/x/posts", { headers: { origin: foreign } });
    expect(rest.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("a listed origin gets itself back with credentials, varying on Origin", async () => {
    const res = await graphql(allowed);
    expect(res.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("vary")?.toLowerCase()).toContain("origin");
    expect(res.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-request-id");
  });

  test("preflight is answered 204 with the methods and headers Nova's clients send", async () => {
    for (const path of [
      "/graphql",
      "/api/v1/sessions",
      "/nova.feature_store.v1.FeatureStoreService/GetFeatures",
    ]) {
      const res = await app.request(path, {
        method: "OPTIONS",
        headers: {
          origin: "http://localhost:3000",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type, connect-protocol-version",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
      const allowHeaders = (res.headers.get("access-control-allow-headers") ?? "")
        .toLowerCase()
        .split(/,\s*/);
      for (const h of [
        "authorization",
        "content-type",
        "connect-protocol-version",
        "x-request-id",
        "traceparent",
      ]) {
        expect(allowHeaders).toContain(h);
      }
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  test("a foreign preflight is answered without permission", async () => {
    const res = await app.request("/graphql", {
      method: "OPTIONS",
      headers: { origin: foreign, "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-methods")).toBeNull();
  });

  test("with no allow-list, no origin is allowed and no wildcard is sent", async () => {
    const none = createEdgeServer().server.app;
    const res = await none.request("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: "{}",
    });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});
