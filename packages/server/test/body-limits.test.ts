import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { deflateSync, gzipSync } from "node:zlib";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { compressionGzip, createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import { listen, type RunningServer } from "../src/index.ts";
import { createEdgeServer, edgeAuth, edgeAuthInterceptor } from "./support/edge-server.ts";

const { server, calls } = createEdgeServer();
const app = server.app;
const MiB = 1024 * 1024;
const rpcUrl = "/nova.feature_store.v1.FeatureStoreService/GetFeatures";
const connectJson = { "content-type": "application/json", "connect-protocol-version": "1", ...edgeAuth };

/** A JSON-looking body of `total` bytes produced lazily, counting how much the server pulled. */
function lazyBody(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const chunk = new TextEncoder().encode(`{"entityIds":["${"a".repeat(64 * 1024 - 20)}`);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
  return { stream, pulled: () => sent };
}

function send(path: string, body: BodyInit, headers: Record<string, string>) {
  return app.request(path, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

const bomb = gzipSync(new Uint8Array(64 * MiB)); // ~64 KB that inflates to 64 MiB

describe("body limits", () => {
  test("a 120 MB Connect body with its length declared is refused before it is read", async () => {
    const { stream, pulled } = lazyBody(120_000_000);
    const before = calls.rpc.length;
    const res = await send(rpcUrl, stream, { ...connectJson, "content-length": "120000000" });
    expect(((await res.json()) as { code: string }).code).toBe("resource_exhausted");
    expect(pulled()).toBeLessThan(2 * MiB);
    expect(calls.rpc.length).toBe(before);
  });

  test("a 120 MB Connect body of unknown length is cut at the limit", async () => {
    const { stream, pulled } = lazyBody(120_000_000);
    const before = calls.rpc.length;
    const res = await send(rpcUrl, stream, connectJson);
    expect(((await res.json()) as { code: string }).code).toBe("resource_exhausted");
    expect(pulled()).toBeLessThan(2 * MiB);
    expect(calls.rpc.length).toBe(before);
  });

  test("a 120 MB REST or GraphQL body of unknown length is a 413 problem, cut at the limit", async () => {
    for (const path of ["/api/v1/sessions", "/graphql"]) {
      const { stream, pulled } = lazyBody(120_000_000);
      const res = await send(path, stream, { "content-type": "application/json" });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { code: string }).code).toBe("payload_too_large");
      expect(pulled()).toBeLessThan(2 * MiB);
    }
  });
});

describe("compressed request bodies", () => {
  test("gzip and deflate JSON bodies are accepted on REST", async () => {
    const json = JSON.stringify({ identifier: "alice" });
    for (const [encoding, body] of [
      ["gzip", gzipSync(json)],
      ["deflate", deflateSync(json)],
    ] as const) {
      const res = await send("/api/v1/sessions", body, {
        "content-type": "application/json",
        "content-encoding": encoding,
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ identifier: "alice" });
    }
  });

  test("a gzip GraphQL body is accepted", async () => {
    const query = JSON.stringify({ query: "{ ok }" });
    const res = await send("/graphql", gzipSync(query), {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(200);
    expect(calls.graphql.at(-1)).toBe(query);
  });

  test("a gzip Connect body is accepted (unary JSON), and by Connect's own gzip client", async () => {
    const res = await send(rpcUrl, gzipSync(JSON.stringify({ featureNames: ["a"] })), {
      ...connectJson,
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ featureNames: ["a"] });
    const deflated = await send(rpcUrl, deflateSync(JSON.stringify({ featureNames: ["d"] })), {
      ...connectJson,
      "content-encoding": "deflate",
    });
    expect(await deflated.json()).toEqual({ featureNames: ["d"] });
    const deflateBomb = await send(rpcUrl, deflateSync(new Uint8Array(64 * MiB)), {
      ...connectJson,
      "content-encoding": "deflate",
    });
    expect(((await deflateBomb.json()) as { code: string }).code).toBe("resource_exhausted");
  });

  test("the limit applies after decompression: a small gzip bomb is a 413 / resource_exhausted", async () => {
    expect(bomb.byteLength).toBeLessThan(MiB);
    const rest = await send("/api/v1/sessions", bomb, {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(rest.status).toBe(413);
    const graphql = await send("/graphql", bomb, {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(graphql.status).toBe(413);
    const rpc = await send(rpcUrl, bomb, { ...connectJson, "content-encoding": "gzip" });
    expect(((await rpc.json()) as { code: string }).code).toBe("resource_exhausted");
  });

  test("unsupported encodings are 415, never 501", async () => {
    for (const path of ["/api/v1/sessions", "/graphql", rpcUrl]) {
      const res = await send(path, "{}", { ...connectJson, "content-encoding": "zstd" });
      expect(res.status).toBe(415);
    }
    const rest = await send("/api/v1/sessions", "{}", {
      "content-type": "application/json",
      "content-encoding": "compress",
    });
    expect(((await rest.json()) as { code: string }).code).toBe("unsupported_media_type");
  });

  test("a corrupt gzip body is a 400, not a 500", async () => {
    const res = await send("/api/v1/sessions", "not gzip at all", {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(400);
  });
});

describe("both listeners", () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await listen(server, { httpPort: 0, grpcPort: 0, hostname: "127.0.0.1" });
  });
  afterAll(async () => {
    await running.stop({ timeoutMs: 1000 });
  });

  test("a message over the limit is ResourceExhausted on the gRPC port and on the HTTP port", async () => {
    const big = { entityIds: Array.from({ length: 40 }, () => "x".repeat(32 * 1024)) };
    for (const transport of [
      createGrpcTransport({
        baseUrl: `http://127.0.0.1:${running.grpcPort}`,
        interceptors: [edgeAuthInterceptor],
      }),
      createConnectTransport({
        baseUrl: `http://127.0.0.1:${running.httpPort}`,
        httpVersion: "1.1",
        interceptors: [edgeAuthInterceptor],
      }),
    ]) {
      const err = await createClient(FeatureStoreService, transport)
        .getFeatures(big)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).code).toBe(Code.ResourceExhausted);
    }
  });

  test("gzip-compressed calls work on both ports", async () => {
    for (const transport of [
      createGrpcTransport({
        baseUrl: `http://127.0.0.1:${running.grpcPort}`,
        sendCompression: compressionGzip,
        interceptors: [edgeAuthInterceptor],
      }),
      createConnectTransport({
        baseUrl: `http://127.0.0.1:${running.httpPort}`,
        httpVersion: "1.1",
        sendCompression: compressionGzip,
        compressMinBytes: 1,
        interceptors: [edgeAuthInterceptor],
      }),
    ]) {
      const res = await createClient(FeatureStoreService, transport).getFeatures({
        featureNames: ["z".repeat(2000)],
      });
      expect(res.featureNames).toEqual(["z".repeat(2000)]);
    }
  });

  test("a real 120 MB upload to the HTTP port is refused without reading it all", async () => {
    const { stream, pulled } = lazyBody(120_000_000);
    const res = await fetch(`http://127.0.0.1:${running.httpPort}${rpcUrl}`, {
      method: "POST",
      headers: connectJson,
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(((await res.json()) as { code: string }).code).toBe("resource_exhausted");
    expect(pulled()).toBeLessThan(16 * MiB);
  });
});
