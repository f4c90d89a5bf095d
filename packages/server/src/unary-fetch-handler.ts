import type { ContextValues } from "@connectrpc/connect";
import {
  createAsyncIterable,
  createFetchHandler,
  type UniversalHandler,
  type UniversalServerRequest,
  type UniversalServerResponse,
} from "@connectrpc/connect/protocol";
import { unsupportedRpcCompression } from "./rpc-compression.ts";

/** Connect unary requests over HTTP/1.1: `application/proto` or `application/json` (gRPC-Web is `application/grpc-web…`). */
const CONNECT_UNARY = /^application\/(proto|json)(;|$)/i;

/**
 * The response body in one piece. Connect's unary answer is one chunk of the length its
 * `content-length` header names: once that many bytes came, the generator is not resumed again
 * just to learn it is done. Anything else is read to its end.
 */
async function collect(
  body: UniversalServerResponse["body"],
  declaredLength: string | null,
): Promise<Uint8Array | null> {
  if (body === undefined) return null;
  const it = body[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return new Uint8Array(0);
  if (declaredLength !== null && first.value.byteLength === Number(declaredLength)) return first.value;
  const chunks: Uint8Array[] = [first.value];
  let length = first.value.byteLength;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    chunks.push(r.value);
    length += r.value.byteLength;
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
 * interceptors) is the same. Everything else (streams, gRPC-Web, GET, bodies over the read limit or of
 * unknown length) takes Connect's adapter, which refuses a declared length over `readMaxBytes`
 * before reading and stops reading an unknown-length body at it. An unsupported request
 * compression is a 415, not Connect's 501.
 */
export function createRpcFetchHandler(
  handler: UniversalHandler,
  opts: { readMaxBytes: number },
): (request: Request, contextValues?: ContextValues) => Promise<Response> {
  const streaming = createFetchHandler(handler, { httpVersion: "1.1" });
  const unary = handler.method.methodKind === "unary";
  return async function handleRpc(request, contextValues) {
    const refused = unsupportedRpcCompression(request.method, request.url, (n) => request.headers.get(n));
    if (refused) return new Response(refused.body, { status: refused.status, headers: refused.headers });
    const length = Number(request.headers.get("content-length") ?? Number.NaN);
    if (
      !unary ||
      request.method !== "POST" ||
      !(length >= 0 && length <= opts.readMaxBytes) ||
      !CONNECT_UNARY.test(request.headers.get("content-type") ?? "")
    )
      return streaming(request);
    const body = new Uint8Array(await request.arrayBuffer());
    const res = await handler({
      httpVersion: "1.1",
      method: request.method,
      url: request.url,
      header: request.headers,
      // Uncompressed, Connect takes the bytes as they are instead of reading an iterable of one
      // chunk into the same bytes (its serializer still refuses a message over the read limit,
      // also checked above on the declared length). A compressed body stays an iterable, which
      // Connect decompresses under the read limit.
      body: request.headers.has("content-encoding")
        ? createAsyncIterable([body])
        : (body as unknown as UniversalServerRequest["body"]),
      signal: request.signal,
      ...(contextValues ? { contextValues } : {}),
    });
    return new Response(
      (await collect(res.body, res.header?.get("content-length") ?? null)) as BodyInit | null,
      {
        status: res.status,
        headers: res.header,
      },
    );
  };
}
