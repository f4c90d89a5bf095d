import { problemResponse } from "@nova/errors";
import { Hono } from "hono";
import { DEFAULT_CONTENT_TYPE } from "../blob-store.ts";
import type { FsBlobStore } from "./create-fs-blob-store.ts";

const MOUNT = "/blobs/";

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
 * Serves the filesystem adapter's signed URLs: `GET` and `PUT /blobs/<key>?expires=..&signature=..`.
 * The owning service mounts it on its HTTP port; a bad or expired signature is a 403 problem+json.
 */
export function createBlobRoutes(store: FsBlobStore): Hono {
  const app = new Hono();
  app.get("/blobs/*", async function getSignedBlob(c) {
    try {
      const key = keyOf(c.req.url);
      store.verifySignedRequest("GET", key, new URL(c.req.url).searchParams);
      const blob = await store.get(key);
      return new Response(blob.body, {
        headers: {
          "content-type": blob.contentType,
          "content-length": String(blob.size),
          etag: `"${blob.etag}"`,
          "last-modified": blob.lastModified.toUTCString(),
          "cache-control": "private, max-age=0",
          // Clients embed media (<img>, <video>) from their own origin; the signature is the access
          // control, so the kit's default `same-origin` resource policy would only break them.
          "cross-origin-resource-policy": "cross-origin",
          "x-content-type-options": "nosniff",
        },
      });
    } catch (err) {
      return problemResponse(err, { instance: new URL(c.req.url).pathname });
    }
  });
  app.put("/blobs/*", async function putSignedBlob(c) {
    try {
      const key = keyOf(c.req.url);
      const contentType = c.req.header("content-type");
      store.verifySignedRequest("PUT", key, new URL(c.req.url).searchParams, contentType);
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
