import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import { listen, type RunningServer } from "../src/index.ts";
import { createEdgeServer, edgeAuth, edgeAuthInterceptor } from "./support/edge-server.ts";

const { server, calls } = createEdgeServer();
const app = server.app;

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function violations(res: Response): Promise<string[]> {
  const body = (await res.json()) as { code: string; violations?: { field: string }[] };
  expect(body.code).toBe("invalid_argument");
  return (body.violations ?? []).map((v) => v.field);
}

describe("control characters at the REST edge", () => {
  test("NUL in a JSON body field is a 400 problem naming the field; the handler never runs", async () => {
    const before = calls.rest.length;
    const res = await post("/api/v1/sessions", { identifier: "alice\u0000", deviceName: "phone" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await violations(res)).toEqual(["identifier"]);
    expect(calls.rest.length).toBe(before);
  });

  test("nested fields and other control characters are named by their path", async () => {
    const res = await post("/api/v1/sessions", {
      identifier: "alice",
      deviceName: "tab\tis fine but bell\u0007 is not",
      items: [{ postId: "p1" }, { postId: "p2\u007f" }],
    });
    expect(res.status).toBe(400);
    expect(await violations(res)).toEqual(["deviceName", "items.1.postId"]);
  });

  test("a lone surrogate escape is refused too", async () => {
    const res = await post("/api/v1/sessions", '{"identifier":"\\ud800"}');
    expect(res.status).toBe(400);
    expect(await violations(res)).toEqual(["identifier"]);
  });

  test("path and query parameters are checked, named by the route's parameter names", async () => {
    const path = await app.request("/api/v1/hashtags/bad%00tag/posts");
    expect(path.status).toBe(400);
    expect(await violations(path)).toEqual(["tag"]);
    const query = await app.request("/api/v1/hashtags/fine/posts?cursor=abc%01");
    expect(query.status).toBe(400);
    expect(await violations(query)).toEqual(["cursor"]);
  });

  test("form bodies are checked too, and clean ones still reach the route's validator", async () => {
    const form = (code: string) =>
      app.request("/api/v1/callback", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ code }).toString(),
      });
    expect(await violations(await form("abc\u0000"))).toEqual(["code"]);
    const ok = await form("abc");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ code: "abc" });
  });

  test("clean input passes untouched, newlines and Unicode included", async () => {
    const res = await post("/api/v1/sessions", { identifier: "zoë 👋\nline", deviceName: "Pixel\t9" });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ identifier: "zoë 👋\nline", deviceName: "Pixel\t9" });
    const get = await app.request("/api/v1/hashtags/caf%C3%A9/posts?cursor=x");
    expect(get.status).toBe(200);
  });
});

describe("control characters at the RPC edge", () => {
  const url = "/nova.feature_store.v1.FeatureStoreService/GetFeatures";
  const connectJson = { "connect-protocol-version": "1", ...edgeAuth };

  test("a repeated string field with NUL is invalid_argument naming the field; the handler never runs", async () => {
    const before = calls.rpc.length;
    const res = await post(url, { entityIds: ["a", "b\u0000"], featureNames: ["x"] }, connectJson);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe("invalid_argument");
    expect(body.message).toContain("entityIds.1");
    expect(calls.rpc.length).toBe(before);
  });

  test("Connect GET requests (message in the query) are checked alike", async () => {
    const message = encodeURIComponent(JSON.stringify({ featureNames: ["\u0001"] }));
    const res = await app.request(`${url}?connect=v1&encoding=json&message=${message}`, {
      headers: edgeAuth,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain("featureNames.0");
  });

  test("clean messages reach the handler", async () => {
    const res = await post(url, { entityIds: ["a"], featureNames: ["affinity"] }, connectJson);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ featureNames: ["affinity"] });
  });

  describe("on the gRPC port", () => {
    let running: RunningServer;
    beforeAll(async () => {
      running = await listen(server, { httpPort: 0, grpcPort: 0, hostname: "127.0.0.1" });
    });
    afterAll(async () => {
      await running.stop({ timeoutMs: 1000 });
    });

    test("gRPC calls with control characters are refused with InvalidArgument naming the field", async () => {
      const client = createClient(
        FeatureStoreService,
        createGrpcTransport({
          baseUrl: `http://127.0.0.1:${running.grpcPort}`,
          interceptors: [edgeAuthInterceptor],
        }),
      );
      const before = calls.rpc.length;
      const err = await client.getFeatures({ entityIds: ["ok", "x\u0000"] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).code).toBe(Code.InvalidArgument);
      expect((err as ConnectError).rawMessage).toContain("entityIds.1");
      expect(calls.rpc.length).toBe(before);
      expect((await client.getFeatures({ featureNames: ["ok"] })).featureNames).toEqual(["ok"]);
    });
  });
});
