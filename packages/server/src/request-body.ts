import { InvalidArgumentError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@nova/errors";
import type { MiddlewareHandler } from "hono";

/** Content-Encoding values a request body may use, and the DecompressionStream format for each. */
const DECODERS: Record<string, CompressionFormat | null> = {
  identity: null,
  gzip: "gzip",
  "x-gzip": "gzip",
  deflate: "deflate",
};

/** The encodings REST and GraphQL accept, for error messages and `Accept-Encoding` hints. */
export const ACCEPTED_REQUEST_ENCODINGS = "gzip, deflate";

/** The decoder for a request's Content-Encoding; undefined when the encoding is not supported. */
export function requestDecoder(header: string | null | undefined): CompressionFormat | null | undefined {
  if (!header) return null;
  const codings = header
    .toLowerCase()
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== "identity");
  if (codings.length === 0) return null;
  // One coding is all any client sends; stacked codings are refused rather than decoded twice.
  if (codings.length > 1) return undefined;
  const decoder = DECODERS[codings[0] as string];
  return decoder === undefined ? undefined : decoder;
}

/** Reads a stream up to `maxBytes`, cancelling it (unread) as soon as it would exceed the limit. */
async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new PayloadTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof PayloadTooLargeError) throw err;
    // DecompressionStream fails on data that is not what Content-Encoding claims.
    throw new InvalidArgumentError("request body could not be decoded", [
      { field: "(body)", message: "does not match its Content-Encoding" },
    ]);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * Body limit and request decompression for REST and GraphQL. gzip and deflate bodies are
 * inflated as a stream and counted *after* decompression, so a small bomb is cut at the limit
 * without being inflated whole; other encodings are a 415 problem. A declared length over the
 * limit is refused before reading; a body of unknown length (chunked) is read only up to the
 * limit. Handlers then see a plain, bounded body.
 */
export function requestBody(opts: { maxBytes: number }): MiddlewareHandler {
  const { maxBytes } = opts;
  return async function requestBodyMiddleware(c, next) {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const decoder = requestDecoder(raw.headers.get("content-encoding"));
    if (decoder === undefined) {
      throw new UnsupportedMediaTypeError(
        `Content-Encoding ${raw.headers.get("content-encoding")} is not supported; use ${ACCEPTED_REQUEST_ENCODINGS} or none`,
      );
    }
    const declared = raw.headers.get("content-length");
    if (decoder === null && declared !== null && !raw.headers.has("transfer-encoding")) {
      if (Number(declared) > maxBytes) throw new PayloadTooLargeError(maxBytes);
      return next();
    }
    const stream = decoder === null ? raw.body : raw.body.pipeThrough(new DecompressionStream(decoder));
    const body = await readBounded(stream, maxBytes);
    const headers = new Headers(raw.headers);
    headers.delete("content-encoding");
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.byteLength));
    c.req.raw = new Request(raw, { body: body as BodyInit, headers });
    return next();
  };
}
