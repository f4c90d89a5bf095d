import {
  createAsyncIterable,
  createFetchHandler,
  type UniversalHandler,
  type UniversalServerResponse,
} from "@connectrpc/connect/protocol";

/** Connect unary requests over HTTP/1.1: `application/proto` or `application/json` (gRPC-Web is `application/grpc-web…`). */
const CONNECT_UNARY = /^application\/(proto|json)(;|$)/i;

/** Bodies larger than this (or of unknown length) take Connect's streaming path, which stops reading at its limit. */
const BUFFERED_MAX_BYTES = 4 * 1024 * 1024;

async function collect(body: UniversalServerResponse["body"]): Promise<Uint8Array | null> {
  if (body === undefined) return null;
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * A fetch handler for one RPC. Connect's own adapter turns every request and response body into
 * a web stream and back — the bulk of a small unary call's server CPU on Bun. Unary Connect POSTs
 * of known, bounded length are instead read in one piece and answered with one buffer; the
 * protocol handler itself (content negotiation, limits, compression, timeouts, errors,
 * interceptors) is the same. Everything else (streams, gRPC-Web, GET) takes Connect's adapter.
 */
export function createRpcFetchHandler(handler: UniversalHandler): (request: Request) => Promise<Response> {
  const streaming = createFetchHandler(handler, { httpVersion: "1.1" });
  if (handler.method.methodKind !== "unary") return streaming;
  return async function handleUnaryRpc(request) {
    const length = Number(request.headers.get("content-length") ?? Number.NaN);
    if (
      request.method !== "POST" ||
      !(length >= 0 && length <= BUFFERED_MAX_BYTES) ||
      !CONNECT_UNARY.test(request.headers.get("content-type") ?? "")
    )
      return streaming(request);
    const body = new Uint8Array(await request.arrayBuffer());
    const res = await handler({
      httpVersion: "1.1",
      method: request.method,
      url: request.url,
      header: request.headers,
      body: createAsyncIterable([body]),
      signal: request.signal,
    });
    return new Response((await collect(res.body)) as BodyInit | null, {
      status: res.status,
      headers: res.header,
    });
  };
}
