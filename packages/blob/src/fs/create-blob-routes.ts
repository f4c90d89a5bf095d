import { NotFoundError, problemResponse } from "@nova/errors";
import { Hono } from "hono";
import { DEFAULT_CONTENT_TYPE } from "../blob-store.ts";
import type { FsBlobStore } from "./create-fs-blob-store.ts";

const MOUNT = "/blobs/";

/** Seconds until the signed URL expires (0 when already past). */
function maxAgeOf(url: string): number {
  const expires = Number(new URL(url).searchParams.get("expires"));
  return Number.isSafeInteger(expires) ? Math.max(0, expires - Math.floor(Date.now() / 1000)) : 0;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === `"${etag}"`;
  });
}

/**
 * One `bytes=` range of RFC 9110 (`a-b`, `a-`, `-n`); several ranges or another unit are ignored
 * (the whole object is sent, as the RFC allows).
 */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  const m = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

/** The key from a request path, decoding each segment the way `keyToUrlPath` encoded it. */
function keyOf(url: string): string {
  const path = new URL(url).pathname;
  const at = path.indexOf(MOUNT);
  return path
    .slice(at + MOUNT.length)
    .split("/")
    .map(decodeURIComponent)
    .join("/");
}

/**
 * Serves the filesystem adapter's signed URLs: `GET` and `PUT /blobs/<key>?expires=..&signature=..`
 * (a PUT with `uploadId` and `partNumber` uploads one multipart part and answers its `ETag`).
 * The owning service mounts it on its HTTP port; a bad or expired signature is a 403 problem+json.
 */
export function createBlobRoutes(store: FsBlobStore): Hono {
  const app = new Hono();
  app.get("/blobs/*", async function getSignedBlob(c) {
    try {
      const key = keyOf(c.req.url);
      store.verifySignedRequest("GET", key, new URL(c.req.url).searchParams);
      const head = await store.head(key);
      if (!head) throw new NotFoundError("blob", key);
      const headers: Record<string, string> = {
        "content-type": head.contentType,
        etag: `"${head.etag}"`,
        "last-modified": head.lastModified.toUTCString(),
        "accept-ranges": "bytes",
        // Keys are immutable once written (a new version gets a new key); the URL's own expiry
        // bounds how long a cache may serve it.
        "cache-control": `private, max-age=${maxAgeOf(c.req.url)}, immutable`,
        // Clients embed media (<img>, <video>) from their own origin; the signature is the access
        // control, so the kit's default `same-origin` resource policy would only break them.
        "cross-origin-resource-policy": "cross-origin",
        "x-content-type-options": "nosniff",
      };
      if (matchesEtag(c.req.header("if-none-match"), head.etag)) {
        return new Response(null, { status: 304, headers });
      }
      const wanted = parseRange(c.req.header("range"), head.size);
      if (wanted === "unsatisfiable") {
        return new Response(null, {
          status: 416,
          headers: { ...headers, "content-range": `bytes */${head.size}` },
        });
      }
      const blob = await store.get(key, wanted ? { range: wanted } : undefined);
      if (blob.range) {
        headers["content-range"] = `bytes ${blob.range.start}-${blob.range.end}/${blob.size}`;
        headers["content-length"] = String(blob.range.end - blob.range.start + 1);
        return new Response(blob.body, { status: 206, headers });
      }
      headers["content-length"] = String(blob.size);
      return new Response(blob.body, { headers });
    } catch (err) {
      return problemResponse(err, { instance: new URL(c.req.url).pathname });
    }
  });
  app.put("/blobs/*", async function putSignedBlob(c) {
    try {
      const key = keyOf(c.req.url);
      const contentType = c.req.header("content-type");
      const query = new URL(c.req.url).searchParams;
      store.verifySignedRequest("PUT", key, query, contentType);
      const uploadId = query.get("uploadId");
      if (uploadId !== null) {
        // A presigned multipart part (the signature covered uploadId and partNumber).
        const part = await store.uploadPartStream(
          key,
          uploadId,
          Number(query.get("partNumber")),
          c.req.raw.body ?? new ReadableStream({ start: (ctl) => ctl.close() }),
        );
        return new Response(null, { status: 200, headers: { etag: `"${part.etag}"` } });
      }
      const meta = await store.put(key, c.req.raw.body ?? new Uint8Array(), {
        contentType: contentType ?? DEFAULT_CONTENT_TYPE,
      });
      return new Response(null, { status: 200, headers: { etag: `"${meta.etag}"` } });
    } catch (err) {
      return problemResponse(err, { instance: new URL(c.req.url).pathname });
    }
  });
  return app;
}
