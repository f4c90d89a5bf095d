import { describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createConnectRouter, type Interceptor } from "@connectrpc/connect";
import { createAsyncIterable, createFetchHandler, type UniversalHandler } from "@connectrpc/connect/protocol";
import { HealthCheckRequestSchema } from "@nova/proto/grpc/health/v1";
import { registerGrpcHealth } from "../src/grpc-health.ts";
import { createHealth } from "../src/health.ts";
import { RPC_COMPRESSIONS } from "../src/rpc-compression.ts";
import { createRpcFetchHandler } from "../src/unary-fetch-handler.ts";

/**
 * Differential: the same Connect unary requests to Connect's own fetch adapter (the reference)
 * and to Nova's one-piece unary path give the same status, headers and bytes — successes, errors
 * (error JSON, codes, metadata), timeouts, compression, read limits, interceptor headers/trailers.
 */
const READ_MAX = 256;
// An interceptor like Nova's: response header and trailer set, errors raised with metadata.
const interceptor: Interceptor = (next) => async (req) => {
  if (req.header.get("x-fail") === "yes")
    throw new ConnectError("refused here", Code.PermissionDenied, { "x-why": "test" });
  const res = await next(req);
  res.header.set("x-seen", req.header.get("x-request-id") ?? "none");
  res.trailer.set("x-trailer", "t1");
  return res;
};
const router = createConnectRouter({
  interceptors: [interceptor],
  readMaxBytes: READ_MAX,
  acceptCompression: RPC_COMPRESSIONS,
});
registerGrpcHealth(router, createHealth({ service: "t", version: "1" }), ["nova.test.v1.Known"]);
const check = router.handlers.find((h) => h.method.name === "Check");
if (!check) throw new Error("no Check handler");
const reference = createFetchHandler(check, { httpVersion: "1.1" });
const nova = createRpcFetchHandler(check, { readMaxBytes: READ_MAX });
const url = `http://localhost${check.requestPath}`;

const proto = (service: string) =>
  toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service }));
const cases: [string, Record<string, string>, Uint8Array | string][] = [
  ["proto ok", { "content-type": "application/proto" }, proto("")],
  [
    "proto ok, named service",
    { "content-type": "application/proto", "x-request-id": "abc" },
    proto("nova.test.v1.Known"),
  ],
  ["proto empty body (default message)", { "content-type": "application/proto" }, new Uint8Array(0)],
  ["json ok", { "content-type": "application/json" }, '{"service":""}'],
  ["json with charset", { "content-type": "application/json; charset=utf-8" }, '{"service":""}'],
  ["proto not found (error JSON)", { "content-type": "application/proto" }, proto("nope")],
  ["json not found", { "content-type": "application/json" }, '{"service":"nope"}'],
  ["json malformed", { "content-type": "application/json" }, '{"service":'],
  ["json unknown field", { "content-type": "application/json" }, '{"nope":1}'],
  ["proto garbage", { "content-type": "application/proto" }, new Uint8Array([0xff, 0xff, 0xff, 0xff])],
  ["interceptor error with metadata", { "content-type": "application/proto", "x-fail": "yes" }, proto("")],
  ["timeout header ok", { "content-type": "application/proto", "connect-timeout-ms": "5000" }, proto("")],
  [
    "timeout header malformed",
    { "content-type": "application/proto", "connect-timeout-ms": "soon" },
    proto(""),
  ],
  [
    "gzip json",
    { "content-type": "application/json", "content-encoding": "gzip" },
    gzipSync('{"service":""}'),
  ],
  [
    "gzip proto",
    { "content-type": "application/proto", "content-encoding": "gzip" },
    gzipSync(proto("nope")),
  ],
  ["identity encoding", { "content-type": "application/proto", "content-encoding": "identity" }, proto("")],
  [
    "corrupt gzip",
    { "content-type": "application/proto", "content-encoding": "gzip" },
    new Uint8Array([1, 2, 3]),
  ],
  [
    "gzip over the limit after inflation",
    { "content-type": "application/json", "content-encoding": "gzip" },
    gzipSync(`{"service":"${"x".repeat(2000)}"}`),
  ],
  ["over the read limit", { "content-type": "application/json" }, `{"service":"${"x".repeat(400)}"}`],
  [
    "protocol version header",
    { "content-type": "application/proto", "connect-protocol-version": "1" },
    proto(""),
  ],
  ["accepts gzip response", { "content-type": "application/proto", "accept-encoding": "gzip" }, proto("")],
];

async function answer(
  handler: (r: Request) => Promise<Response>,
  headers: Record<string, string>,
  body: Uint8Array | string,
) {
  // A declared length, as every HTTP/1.1 client sends for a unary call: the one-piece path.
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  const res = await handler(
    new Request(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(length) },
      body: body as BodyInit,
    }),
  );
  return {
    status: res.status,
    headers: Object.fromEntries([...res.headers].filter(([k]) => k !== "date")),
    body: Buffer.from(await res.arrayBuffer()).toString("hex"),
  };
}

describe("unary fetch handler ≡ Connect's fetch adapter", () => {
  for (const [name, headers, body] of cases)
    test(name, async () => {
      const want = await answer(reference, headers, body);
      const got = await answer(nova, headers, body);
      expect(got).toEqual(want);
    });

  test("the cases cover successes and errors, both encodings and the interceptor's trailer", async () => {
    const statuses = new Set<number>();
    for (const [, headers, body] of cases) statuses.add((await answer(nova, headers, body)).status);
    // 500: Connect answers undecodable proto bytes with `internal` ("parse binary: premature EOF"), both paths.
    expect([...statuses].sort()).toEqual([200, 400, 403, 404, 429, 500].sort());
    const ok = await answer(nova, { "content-type": "application/proto", "x-request-id": "abc" }, proto(""));
    expect(ok.headers["trailer-x-trailer"]).toBe("t1");
    expect(ok.headers["x-seen"]).toBe("abc");
  });
});

test("a response body of more than one chunk is answered whole (the one-chunk shortcut needs its declared length)", async () => {
  const twoChunks = Object.assign(
    async () => ({
      status: 200,
      header: new Headers({ "content-type": "application/proto", "content-length": "5" }),
      body: createAsyncIterable([new Uint8Array([1, 2]), new Uint8Array([3, 4, 5])]),
    }),
    { method: check.method },
  ) as unknown as UniversalHandler;
  const res = await createRpcFetchHandler(twoChunks, { readMaxBytes: READ_MAX })(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/proto", "content-length": "0" },
      body: "",
    }),
  );
  expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
});
