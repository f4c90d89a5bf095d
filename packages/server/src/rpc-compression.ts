import { promisify } from "node:util";
import * as zlib from "node:zlib";
import { Code, ConnectError } from "@connectrpc/connect";
import type { Compression } from "@connectrpc/connect/protocol";
import { compressionBrotli, compressionGzip } from "@connectrpc/connect-node";

const deflate = promisify(zlib.deflate);
const inflate = promisify(zlib.inflate);

/**
 * `deflate` (zlib format, as HTTP's Content-Encoding means it) for Connect, built like
 * connect-node's gzip: inflation stops at `readMaxBytes`, so the limit holds after decompression
 * and a bomb is never inflated whole.
 */
export const compressionDeflate: Compression = {
  name: "deflate",
  async compress(bytes) {
    return new Uint8Array(await deflate(bytes));
  },
  async decompress(bytes, readMaxBytes) {
    if (bytes.length === 0) return new Uint8Array(0);
    try {
      return new Uint8Array(await inflate(bytes, { maxOutputLength: readMaxBytes }));
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new ConnectError(
          `message is larger than configured readMaxBytes ${readMaxBytes} after decompression`,
          Code.ResourceExhausted,
        );
      }
      throw new ConnectError("decompression failed", Code.InvalidArgument);
    }
  },
};

/** Request compressions every RPC accepts, on both listeners. */
export const RPC_COMPRESSIONS: Compression[] = [compressionGzip, compressionBrotli, compressionDeflate];
const NAMES = new Set(["identity", ...RPC_COMPRESSIONS.map((c) => c.name)]);

/** Connect's request-compression headers (unary, streaming) and GET parameter. */
function requestedCompression(
  method: string,
  url: string,
  header: (name: string) => string | null | undefined,
) {
  if (method === "GET") return new URL(url).searchParams.get("compression");
  return header("content-encoding") ?? header("connect-content-encoding") ?? null;
}

/**
 * Connect answers a request compression it does not support with `unimplemented`, which is HTTP
 * 501 — read as "this server is broken". Nova answers 415 (Unsupported Media Type) with a Connect
 * error body instead, naming the supported encodings. gRPC and gRPC-Web carry status in trailers
 * (HTTP 200) and keep Connect's handling.
 */
export function unsupportedRpcCompression(
  method: string,
  url: string,
  header: (name: string) => string | null | undefined,
): { status: 415; headers: Record<string, string>; body: string } | undefined {
  const requested = requestedCompression(method, url, header)?.trim().toLowerCase();
  if (!requested || NAMES.has(requested)) return undefined;
  const accepted = [...NAMES].filter((n) => n !== "identity").join(",");
  return {
    status: 415,
    headers: { "content-type": "application/json", "accept-encoding": accepted },
    body: JSON.stringify({
      code: "invalid_argument",
      message: `unsupported compression "${requested}": supported encodings are ${accepted}`,
    }),
  };
}
