import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from "@nova/errors";
import {
  type BlobMetadata,
  type BlobStore,
  DEFAULT_CONTENT_TYPE,
  MIN_PART_SIZE,
  type StoredPart,
  type UploadedPart,
} from "../blob-store.ts";
import { checkBlobKey, checkPartNumber, checkPresign, chunksOf, toStream } from "../blob-validate.ts";
import type { SignedFields } from "./url-signer.ts";

/** An object's metadata file (objects/<encoded key>.meta). */
export interface StoredMeta {
  key: string;
  size: number;
  contentType: string;
  etag: string;
  lastModified: string;
  /** File under data/ that holds the bytes; replaced atomically by rewriting this metadata. */
  data: string;
}

/** What the multipart half needs from the object half of the filesystem store. */
interface FsMultipartDeps {
  root: string;
  now: () => number;
  /** Streams bytes into a new data file; its name, size and md5. */
  writeData(source: ReadableStream<Uint8Array>): Promise<{ name: string; size: number; md5: string }>;
  /** Points `key` at a data file (atomically). */
  commit(key: string, meta: StoredMeta): Promise<BlobMetadata>;
  signedUrl(fields: SignedFields): string;
}

/** The signed part URL's PUT: stores one part from a stream; same result as `uploadPart`. */
export interface PartStreamUpload {
  uploadPartStream(
    key: string,
    uploadId: string,
    partNumber: number,
    body: ReadableStream<Uint8Array>,
  ): Promise<UploadedPart>;
}

type MultipartMethods = Pick<
  BlobStore,
  | "createMultipartUpload"
  | "uploadPart"
  | "presignUploadPart"
  | "listParts"
  | "completeMultipartUpload"
  | "abortMultipartUpload"
> &
  PartStreamUpload & {};

const UPLOAD_ID = /^[0-9a-f-]{36}$/;

/** One stream over several files, read one after another. */
function concatFiles(paths: string[]): ReadableStream<Uint8Array> {
  const files = paths.values();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (!reader) {
          const next = files.next();
          if (next.done) return controller.close();
          reader = (Bun.file(next.value).stream() as ReadableStream<Uint8Array>).getReader();
        }
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        reader = undefined;
      }
    },
  });
}

/**
 * Multipart uploads of the filesystem store: uploads/<uploadId>/ holds upload.json and one file per
 * part (plus its etag); completing streams the parts, in order, into a new object.
 */
export function createFsMultipart(deps: FsMultipartDeps): MultipartMethods {
  const { root, now, writeData, commit, signedUrl } = deps;

  function uploadDir(uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new NotFoundError("multipart upload", uploadId);
    return join(root, "uploads", uploadId);
  }

  async function readUpload(key: string, uploadId: string): Promise<{ key: string; contentType: string }> {
    try {
      const upload = JSON.parse(await readFile(join(uploadDir(uploadId), "upload.json"), "utf8"));
      if (upload.key !== key) throw new NotFoundError("multipart upload", uploadId);
      return upload;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT")
        throw new NotFoundError("multipart upload", uploadId);
      throw err;
    }
  }

  /**
   * Streams a part into the upload's directory: bytes to a temporary file renamed into place, then
   * its etag file, which is what marks the part as received (listParts and complete read it).
   */
  async function writePart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: ReadableStream<Uint8Array>,
  ): Promise<UploadedPart> {
    checkBlobKey(key);
    checkPartNumber(partNumber);
    await readUpload(key, uploadId);
    const dir = uploadDir(uploadId);
    const tmp = join(dir, `part-${partNumber}.${crypto.randomUUID()}.tmp`);
    const hash = createHash("md5");
    const fh = await open(tmp, "w");
    try {
      for await (const chunk of chunksOf(body)) {
        hash.update(chunk);
        await fh.write(chunk);
      }
    } catch (err) {
      await fh.close();
      await rm(tmp, { force: true });
      throw err;
    }
    await fh.close();
    const etag = hash.digest("hex");
    await rm(join(dir, `part-${partNumber}.etag`), { force: true });
    await rename(tmp, join(dir, `part-${partNumber}`));
    await writeFile(join(dir, `part-${partNumber}.etag`), etag);
    return { partNumber, etag };
  }

  return {
    async createMultipartUpload(key, opts) {
      checkBlobKey(key);
      const uploadId = crypto.randomUUID();
      const dir = uploadDir(uploadId);
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, "upload.json"),
        JSON.stringify({ key, contentType: opts?.contentType ?? DEFAULT_CONTENT_TYPE }),
      );
      return uploadId;
    },
    async uploadPart(key, uploadId, partNumber, body): Promise<UploadedPart> {
      return writePart(key, uploadId, partNumber, toStream(body));
    },
    async uploadPartStream(key, uploadId, partNumber, body) {
      return writePart(key, uploadId, partNumber, body);
    },
    async presignUploadPart(key, uploadId, partNumber, opts) {
      checkBlobKey(key);
      checkPartNumber(partNumber);
      await readUpload(key, uploadId);
      const expires = Math.floor(now() / 1000) + checkPresign(opts);
      return signedUrl({ method: "PUT", key, expires, part: { uploadId, partNumber } });
    },
    async listParts(key, uploadId): Promise<StoredPart[]> {
      checkBlobKey(key);
      await readUpload(key, uploadId);
      const dir = uploadDir(uploadId);
      const parts: StoredPart[] = [];
      for (const name of await readdir(dir)) {
        const m = /^part-(\d+)\.etag$/.exec(name);
        if (!m) continue;
        const partNumber = Number(m[1]);
        const etag = await readFile(join(dir, name), "utf8");
        const size = (await stat(join(dir, `part-${partNumber}`))).size;
        parts.push({ partNumber, etag, size });
      }
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },
    async completeMultipartUpload(key, uploadId, parts) {
      checkBlobKey(key);
      const upload = await readUpload(key, uploadId);
      const dir = uploadDir(uploadId);
      if (parts.length === 0) throw new InvalidArgumentError("at least one part is required");
      const md5s: Buffer[] = [];
      for (const [i, part] of parts.entries()) {
        if (i > 0 && part.partNumber <= (parts[i - 1] as UploadedPart).partNumber) {
          throw new InvalidArgumentError("parts must be in ascending partNumber order", [
            { field: "parts", message: "must be in ascending partNumber order" },
          ]);
        }
        const stored = await readFile(join(dir, `part-${part.partNumber}.etag`), "utf8").catch(
          () => undefined,
        );
        if (stored === undefined || stored !== part.etag.replaceAll('"', "")) {
          throw new FailedPreconditionError(`part ${part.partNumber} was not uploaded or its etag differs`);
        }
        const size = (await stat(join(dir, `part-${part.partNumber}`))).size;
        if (i < parts.length - 1 && size < MIN_PART_SIZE) {
          throw new FailedPreconditionError(
            `part ${part.partNumber} is smaller than 5 MiB and is not the last`,
          );
        }
        md5s.push(Buffer.from(stored, "hex"));
      }
      const paths = parts.map((p) => join(dir, `part-${p.partNumber}`));
      const data = await writeData(concatFiles(paths));
      // S3's multipart ETag: md5 of the concatenated part md5s, then "-<number of parts>".
      const etag = `${createHash("md5").update(Buffer.concat(md5s)).digest("hex")}-${parts.length}`;
      const meta = await commit(key, {
        key,
        size: data.size,
        contentType: upload.contentType,
        etag,
        lastModified: new Date(now()).toISOString(),
        data: data.name,
      });
      await rm(dir, { recursive: true, force: true });
      return meta;
    },
    async abortMultipartUpload(key, uploadId) {
      checkBlobKey(key);
      await readUpload(key, uploadId);
      await rm(uploadDir(uploadId), { recursive: true, force: true });
    },
  };
}
