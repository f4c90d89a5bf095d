import { createHash, type Hash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { InvalidArgumentError, NotFoundError, PermissionDeniedError } from "@nova/errors";
import {
  type BlobBody,
  type BlobMetadata,
  type BlobStore,
  DEFAULT_CONTENT_TYPE,
  type ListPage,
} from "../blob-store.ts";
import {
  checkBlobKey,
  checkPrefix,
  checkPresign,
  chunksOf,
  resolveRange,
  toStream,
} from "../blob-validate.ts";
import { decodeSegment, keyToUrlPath, listRoot, metaPath } from "./fs-layout.ts";
import { createFsMultipart, type PartStreamUpload, type StoredMeta } from "./fs-multipart.ts";
import { type SignedFields, signFields, verifyFields } from "./url-signer.ts";

export interface FsBlobStoreOptions {
  /** Directory for objects, e.g. `${NOVA_DATA_DIR}/blobs/media`. */
  root: string;
  /** Origin (and optional path) of the service that mounts `createBlobRoutes`, e.g. http://127.0.0.1:8014. */
  publicBaseUrl: string;
  /** HMAC key for signed URLs; at least 32 characters. */
  signingSecret: string;
  /** Clock in epoch milliseconds. */
  now?: () => number;
}

/** The filesystem adapter, plus what its HTTP routes need to check signed URLs. */
export interface FsBlobStore extends BlobStore, PartStreamUpload {
  /** Throws PermissionDeniedError unless the query carries a valid, unexpired signature for this request. */
  verifySignedRequest(method: "GET" | "PUT", key: string, query: URLSearchParams, contentType?: string): void;
}

/**
 * Objects on disk: bytes in data/<uuid>, and objects/<encoded key>.meta pointing at them. A put
 * writes new bytes, then renames the metadata into place, so readers see the old or the new object,
 * never a mix. Signed URLs are HMAC tokens served by `createBlobRoutes`.
 */
export function createFsBlobStore(options: FsBlobStoreOptions): FsBlobStore {
  if (options.signingSecret.length < 32) {
    throw new InvalidArgumentError("signingSecret must be at least 32 characters", [
      { field: "signingSecret", message: "must be at least 32 characters" },
    ]);
  }
  const { root, signingSecret } = options;
  const now = options.now ?? Date.now;
  const baseUrl = options.publicBaseUrl.replace(/\/+$/, "");
  const tmpDir = join(root, "tmp");
  const dataDir = join(root, "data");

  async function readMeta(key: string): Promise<StoredMeta | undefined> {
    try {
      return JSON.parse(await readFile(metaPath(root, key), "utf8")) as StoredMeta;
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code === "ENOENT" ||
        (err as NodeJS.ErrnoException).code === "ENOTDIR"
      ) {
        return undefined;
      }
      throw err;
    }
  }

  function toMetadata(m: StoredMeta): BlobMetadata {
    return {
      key: m.key,
      size: m.size,
      contentType: m.contentType,
      etag: m.etag,
      lastModified: new Date(m.lastModified),
    };
  }

  /** Streams `source` into a new data file, hashing as it goes; resolves to its name, size and md5. */
  async function writeData(source: ReadableStream<Uint8Array>, hash: Hash = createHash("md5")) {
    await mkdir(dataDir, { recursive: true });
    const name = crypto.randomUUID();
    const fh = await open(join(dataDir, name), "w");
    let size = 0;
    try {
      for await (const chunk of chunksOf(source)) {
        hash.update(chunk);
        size += chunk.byteLength;
        await fh.write(chunk);
      }
    } catch (err) {
      await fh.close();
      await rm(join(dataDir, name), { force: true });
      throw err;
    }
    await fh.close();
    return { name, size, md5: hash.digest("hex") };
  }

  async function commit(key: string, meta: StoredMeta): Promise<BlobMetadata> {
    const target = metaPath(root, key);
    await mkdir(dirname(target), { recursive: true });
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${crypto.randomUUID()}.meta`);
    await writeFile(tmp, JSON.stringify(meta));
    const previous = await readMeta(key);
    await rename(tmp, target);
    // Readers holding the old file open keep reading it; new readers get the new bytes.
    if (previous) await rm(join(dataDir, previous.data), { force: true });
    return toMetadata(meta);
  }

  function signedUrl(fields: SignedFields): string {
    const q = new URLSearchParams({ expires: String(fields.expires) });
    if (fields.contentType) q.set("contentType", fields.contentType);
    if (fields.part) {
      q.set("uploadId", fields.part.uploadId);
      q.set("partNumber", String(fields.part.partNumber));
    }
    q.set("signature", signFields(signingSecret, fields));
    return `${baseUrl}/blobs/${keyToUrlPath(fields.key)}?${q}`;
  }

  async function walk(dir: string, keyPrefix: string, out: string[]): Promise<void> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    for (const name of names) {
      if (name.endsWith(".meta")) out.push(keyPrefix + decodeSegment(name.slice(0, -".meta".length)));
      else await walk(join(dir, name), `${keyPrefix}${decodeSegment(name)}/`, out);
    }
  }

  const multipart = createFsMultipart({ root, now, writeData, commit, signedUrl });

  return {
    async put(key, body: BlobBody, opts) {
      checkBlobKey(key);
      const data = await writeData(toStream(body));
      return commit(key, {
        key,
        size: data.size,
        contentType: opts?.contentType ?? DEFAULT_CONTENT_TYPE,
        etag: data.md5,
        lastModified: new Date(now()).toISOString(),
        data: data.name,
      });
    },
    async get(key, opts) {
      const meta = await readMeta(checkBlobKey(key));
      if (!meta) throw new NotFoundError("blob", key);
      const file = Bun.file(join(dataDir, meta.data));
      if (!opts?.range) return { ...toMetadata(meta), body: file.stream() };
      const range = resolveRange(opts.range, meta.size);
      return { ...toMetadata(meta), range, body: file.slice(range.start, range.end + 1).stream() };
    },
    async head(key) {
      const meta = await readMeta(checkBlobKey(key));
      return meta && toMetadata(meta);
    },
    async delete(key) {
      const meta = await readMeta(checkBlobKey(key));
      if (!meta) return;
      await rm(metaPath(root, key), { force: true });
      await rm(join(dataDir, meta.data), { force: true });
    },
    async list(prefix, opts): Promise<ListPage> {
      checkPrefix(prefix);
      const limit = opts?.limit ?? 1000;
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
        throw new InvalidArgumentError("limit must be an integer from 1 to 1000", [
          { field: "limit", message: "must be an integer from 1 to 1000" },
        ]);
      }
      const { dir, keyPrefix } = listRoot(root, prefix);
      const keys: string[] = [];
      await walk(dir, keyPrefix, keys);
      const after = opts?.cursor ? Buffer.from(opts.cursor, "base64url").toString("utf8") : undefined;
      // S3 lists in UTF-8 byte order.
      const matching = keys
        .filter(
          (k) =>
            k.startsWith(prefix) &&
            (after === undefined || Buffer.compare(Buffer.from(k), Buffer.from(after)) > 0),
        )
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const page = matching.slice(0, limit);
      const items = [];
      for (const k of page) {
        const meta = await readMeta(k);
        if (meta)
          items.push({ key: k, size: meta.size, etag: meta.etag, lastModified: new Date(meta.lastModified) });
      }
      const last = page.at(-1);
      return matching.length > limit && last
        ? { items, cursor: Buffer.from(last).toString("base64url") }
        : { items };
    },
    async presignGet(key, opts) {
      const expires = Math.floor(now() / 1000) + checkPresign(opts);
      return signedUrl({ method: "GET", key: checkBlobKey(key), expires });
    },
    async presignPut(key, opts) {
      const expires = Math.floor(now() / 1000) + checkPresign(opts);
      return signedUrl({
        method: "PUT",
        key: checkBlobKey(key),
        expires,
        ...(opts.contentType && { contentType: opts.contentType }),
      });
    },
    verifySignedRequest(method, key, query, contentType) {
      const signedType = query.get("contentType") ?? undefined;
      const uploadId = query.get("uploadId");
      verifyFields(
        signingSecret,
        {
          method,
          key,
          expires: Number(query.get("expires")),
          ...(signedType && { contentType: signedType }),
          ...(uploadId !== null && { part: { uploadId, partNumber: Number(query.get("partNumber")) } }),
        },
        query.get("signature") ?? "",
        Math.floor(now() / 1000),
      );
      if (method === "PUT" && signedType && contentType !== signedType) {
        // S3 answers 403 when a signed header differs; do the same.
        throw new PermissionDeniedError(`this URL only accepts Content-Type ${signedType}`);
      }
    },
    ...multipart,
  };
}
