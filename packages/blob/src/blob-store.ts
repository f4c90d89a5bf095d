/** What a blob is, without its bytes. */
export interface BlobMetadata {
  key: string;
  size: number;
  contentType: string;
  /** Opaque version tag (quoted-less); changes whenever the bytes change. */
  etag: string;
  lastModified: Date;
}

/** A blob's bytes as a stream, with its metadata (`size` is always the whole object's size). */
export interface BlobObject extends BlobMetadata {
  body: ReadableStream<Uint8Array>;
  /** Set when a range was asked for: the inclusive byte range `body` holds. */
  range?: { start: number; end: number };
}

/** Bytes `start`..`end` inclusive; `end` omitted → to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface GetOptions {
  /** Only these bytes (HTTP Range semantics; `end` past the object is clamped). */
  range?: ByteRange;
}

/** Bytes to store: a buffer, or a stream whose length may be unknown. */
export type BlobBody = Uint8Array | ArrayBuffer | string | ReadableStream<Uint8Array>;

export interface PutOptions {
  /** Default application/octet-stream. */
  contentType?: string;
}

export interface ListOptions {
  /** Page size, default 1000 (the S3 maximum). */
  limit?: number;
  /** From a previous page's `cursor`. */
  cursor?: string;
}

/** One page of keys in ascending (byte) order. */
export interface ListPage {
  items: Array<Pick<BlobMetadata, "key" | "size" | "etag" | "lastModified">>;
  /** Present when more keys follow. */
  cursor?: string;
}

export interface PresignOptions {
  /** Seconds the URL stays valid (1 s to 7 days). */
  expiresInSeconds: number;
  /** PUT only: the Content-Type the uploader must send. */
  contentType?: string;
}

/** A part uploaded in a multipart upload; pass them all back to complete it. */
export interface UploadedPart {
  partNumber: number;
  etag: string;
}

/** A part the store holds for an unfinished multipart upload (what a resuming client skips). */
export interface StoredPart extends UploadedPart {
  size: number;
}

/**
 * The blob port: objects by key, presigned URLs for clients to upload/download directly, and
 * multipart uploads for large files. Adapters: `createFsBlobStore` (directory + HMAC-signed URLs
 * served by `createBlobRoutes`) and `createS3BlobStore` (AWS SDK v3, S3-compatible servers too).
 */
export interface BlobStore {
  /** Stores bytes under `key`, replacing any previous object. */
  put(key: string, body: BlobBody, options?: PutOptions): Promise<BlobMetadata>;
  /**
   * Streams an object, or one byte range of it; throws NotFoundError when absent and
   * InvalidArgumentError("range not satisfiable") when `range.start` is past the last byte.
   */
  get(key: string, options?: GetOptions): Promise<BlobObject>;
  /** Metadata of an object, or `undefined` when absent. */
  head(key: string): Promise<BlobMetadata | undefined>;
  /** Deletes an object; deleting an absent key succeeds. */
  delete(key: string): Promise<void>;
  /** Lists keys starting with `prefix`, one page at a time. */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /** A URL anyone may GET until it expires. */
  presignGet(key: string, options: PresignOptions): Promise<string>;
  /** A URL anyone may PUT bytes to until it expires. */
  presignPut(key: string, options: PresignOptions): Promise<string>;
  /** Starts a multipart upload; resolves to its id. */
  createMultipartUpload(key: string, options?: PutOptions): Promise<string>;
  /** Uploads part `partNumber` (1..10000); every part but the last must be at least 5 MiB. */
  uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<UploadedPart>;
  /**
   * A URL anyone may PUT one part's bytes to until it expires (no Content-Type is signed: the
   * upload's type was fixed by `createMultipartUpload`). The response's `ETag` header is the part's
   * etag, to pass back to `completeMultipartUpload`.
   */
  presignUploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    options: PresignOptions,
  ): Promise<string>;
  /** The parts received so far, in partNumber order; NotFoundError for an unknown upload. */
  listParts(key: string, uploadId: string): Promise<StoredPart[]>;
  /** Assembles the parts, in partNumber order, into the object. */
  completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly UploadedPart[],
  ): Promise<BlobMetadata>;
  /** Discards an upload and its parts. */
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
}

/** S3's minimum size for every part except the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";
