import { InvalidArgumentError } from "@nova/errors";
import type { PresignOptions } from "./blob-store.ts";

const MAX_KEY_BYTES = 1024;

/**
 * Keys are S3-style paths. Both adapters reject the same keys, and the filesystem adapter relies on
 * this to keep every key inside its root: no empty, "." or ".." segments, no leading slash,
 * backslash or control characters.
 */
export function checkBlobKey(key: string): string {
  const fail = (message: string): never => {
    throw new InvalidArgumentError(`blob key ${message}`, [{ field: "key", message }]);
  };
  if (typeof key !== "string" || key.length === 0) fail("must be a non-empty string");
  if (new TextEncoder().encode(key).length > MAX_KEY_BYTES) fail(`must be at most ${MAX_KEY_BYTES} bytes`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(key)) fail("must not contain control characters or backslashes");
  for (const segment of key.split("/")) {
    if (segment === "" || segment === "." || segment === "..")
      fail('must not have empty, "." or ".." segments');
  }
  return key;
}

/** Checks a listing prefix: empty, or a key-like string (it may end with "/"). */
export function checkPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  checkBlobKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
}

const MAX_EXPIRY = 7 * 24 * 3600;

export function checkPresign(options: PresignOptions): number {
  const s = options.expiresInSeconds;
  if (!Number.isSafeInteger(s) || s < 1 || s > MAX_EXPIRY) {
    throw new InvalidArgumentError("expiresInSeconds must be an integer from 1 to 604800", [
      { field: "expiresInSeconds", message: "must be an integer from 1 to 604800 (7 days)" },
    ]);
  }
  return s;
}

export function checkPartNumber(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > 10_000) {
    throw new InvalidArgumentError("partNumber must be an integer from 1 to 10000", [
      { field: "partNumber", message: "must be an integer from 1 to 10000" },
    ]);
  }
  return n;
}

/** Turns any accepted body into a byte stream. */
export function toStream(
  body: Uint8Array | ArrayBuffer | string | ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  if (body instanceof ReadableStream) return body;
  return new Blob([body as BlobPart]).stream() as ReadableStream<Uint8Array>;
}

/** Iterates a web stream's chunks (TypeScript's DOM-less lib lacks ReadableStream's async iterator). */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Clamps a requested range to an object of `size` bytes; throws when it starts past the end. */
export function resolveRange(
  range: { start: number; end?: number },
  size: number,
): { start: number; end: number } {
  const end = Math.min(range.end ?? size - 1, size - 1);
  if (!Number.isSafeInteger(range.start) || range.start < 0 || range.start >= size || end < range.start) {
    throw new InvalidArgumentError("range not satisfiable", [
      { field: "range", message: `object is ${size} bytes` },
    ]);
  }
  return { start: range.start, end };
}
