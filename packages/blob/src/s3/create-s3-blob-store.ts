import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { InvalidArgumentError, NotFoundError } from "@nova/errors";
import {
  type BlobBody,
  type BlobMetadata,
  type BlobStore,
  DEFAULT_CONTENT_TYPE,
  type GetOptions,
  type StoredPart,
  type UploadedPart,
} from "../blob-store.ts";
import {
  checkBlobKey,
  checkPartNumber,
  checkPrefix,
  checkPresign,
  chunksOf,
  resolveRange,
} from "../blob-validate.ts";
import { isNotFound, mapS3Error } from "./s3-errors.ts";

export interface S3BlobStoreOptions {
  bucket: string;
  region?: string;
  /** S3-compatible server (AWS_S3_ENDPOINT); path-style addressing is used with it. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Default: true when `endpoint` is set. */
  forcePathStyle?: boolean;
  /** Part size for streamed puts of unknown length; default 8 MiB. */
  streamPartSize?: number;
}

const unquote = (etag: string | undefined) => (etag ?? "").replaceAll('"', "");

/**
 * The S3 adapter (AWS SDK v3). Checksums are computed only when an operation requires them: the
 * SDK's default CRC32 trailers are not understood by some S3-compatible servers, which then store
 * the chunk framing as object bytes.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore & { readonly client: S3Client } {
  const client = new S3Client({
    region: options.region ?? "us-east-1",
    ...(options.endpoint && { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? !!options.endpoint,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(options.accessKeyId &&
      options.secretAccessKey && {
        credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      }),
  });
  const Bucket = options.bucket;
  const partSize = options.streamPartSize ?? 8 * 1024 * 1024;

  async function send<T>(what: string, key: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw mapS3Error(err, what, key);
    }
  }

  async function headOf(key: string): Promise<BlobMetadata | undefined> {
    try {
      const r = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return {
        key,
        size: r.ContentLength ?? 0,
        contentType: r.ContentType ?? DEFAULT_CONTENT_TYPE,
        etag: unquote(r.ETag),
        lastModified: r.LastModified ?? new Date(0),
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw mapS3Error(err, "head", key);
    }
  }

  async function putBuffer(key: string, body: Uint8Array, contentType: string): Promise<BlobMetadata> {
    await send("put", key, () =>
      client.send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ContentLength: body.byteLength,
        }),
      ),
    );
    return (await headOf(key)) as BlobMetadata;
  }

  /** A stream of unknown length: one PUT if it fits in a part, else a multipart upload part by part. */
  async function putStream(
    key: string,
    stream: ReadableStream<Uint8Array>,
    contentType: string,
  ): Promise<BlobMetadata> {
    let buffered: Uint8Array[] = [];
    let bufferedBytes = 0;
    let uploadId: string | undefined;
    const parts: UploadedPart[] = [];
    const flush = async () => {
      const body = Buffer.concat(buffered);
      buffered = [];
      bufferedBytes = 0;
      uploadId ??= await store.createMultipartUpload(key, { contentType });
      parts.push(await store.uploadPart(key, uploadId, parts.length + 1, body));
    };
    try {
      for await (const chunk of chunksOf(stream)) {
        buffered.push(chunk);
        bufferedBytes += chunk.byteLength;
        if (bufferedBytes >= partSize) await flush();
      }
      if (!uploadId) return putBuffer(key, Buffer.concat(buffered), contentType);
      if (bufferedBytes > 0) await flush();
      return store.completeMultipartUpload(key, uploadId, parts);
    } catch (err) {
      if (uploadId) await store.abortMultipartUpload(key, uploadId).catch(() => {});
      throw err;
    }
  }

  const store: BlobStore & { readonly client: S3Client } = {
    client,
    async put(key: string, body: BlobBody, opts?: { contentType?: string }) {
      checkBlobKey(key);
      const contentType = opts?.contentType ?? DEFAULT_CONTENT_TYPE;
      if (body instanceof ReadableStream) return putStream(key, body, contentType);
      const bytes =
        typeof body === "string"
          ? new TextEncoder().encode(body)
          : body instanceof ArrayBuffer
            ? new Uint8Array(body)
            : body;
      return putBuffer(key, bytes, contentType);
    },
    async get(key: string, opts?: GetOptions) {
      checkBlobKey(key);
      let range: { start: number; end: number } | undefined;
      if (opts?.range) {
        // S3 answers 416 for a start past the end; check first so both adapters throw alike.
        const meta = await headOf(key);
        if (!meta) throw new NotFoundError("blob", key);
        range = resolveRange(opts.range, meta.size);
      }
      const Range = range && `bytes=${range.start}-${range.end}`;
      const r = await send("get", key, () =>
        client.send(new GetObjectCommand({ Bucket, Key: key, ...(Range && { Range }) })),
      );
      const total = range ? Number(/\/(\d+)$/.exec(r.ContentRange ?? "")?.[1] ?? 0) : (r.ContentLength ?? 0);
      return {
        key,
        ...(range && { range }),
        size: total,
        contentType: r.ContentType ?? DEFAULT_CONTENT_TYPE,
        etag: unquote(r.ETag),
        lastModified: r.LastModified ?? new Date(0),
        body: r.Body?.transformToWebStream() as ReadableStream<Uint8Array>,
      };
    },
    async head(key: string) {
      return headOf(checkBlobKey(key));
    },
    async delete(key: string) {
      checkBlobKey(key);
      await send("delete", key, () => client.send(new DeleteObjectCommand({ Bucket, Key: key })));
    },
    async list(prefix: string, opts?: { limit?: number; cursor?: string }) {
      checkPrefix(prefix);
      const limit = opts?.limit ?? 1000;
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
        throw new InvalidArgumentError("limit must be an integer from 1 to 1000", [
          { field: "limit", message: "must be an integer from 1 to 1000" },
        ]);
      }
      const r = await send("list", undefined, () =>
        client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: prefix,
            MaxKeys: limit,
            ...(opts?.cursor && { ContinuationToken: opts.cursor }),
          }),
        ),
      );
      const items = (r.Contents ?? []).map((o) => ({
        key: o.Key as string,
        size: o.Size ?? 0,
        etag: unquote(o.ETag),
        lastModified: o.LastModified ?? new Date(0),
      }));
      return r.IsTruncated && r.NextContinuationToken
        ? { items, cursor: r.NextContinuationToken }
        : { items };
    },
    async presignGet(key: string, opts: { expiresInSeconds: number }) {
      checkBlobKey(key);
      const expiresIn = checkPresign(opts);
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), { expiresIn });
    },
    async presignPut(key: string, opts: { expiresInSeconds: number; contentType?: string }) {
      checkBlobKey(key);
      const expiresIn = checkPresign(opts);
      return getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket,
          Key: key,
          ...(opts.contentType && { ContentType: opts.contentType }),
        }),
        { expiresIn },
      );
    },
    async createMultipartUpload(key: string, opts?: { contentType?: string }) {
      checkBlobKey(key);
      const r = await send("createMultipartUpload", key, () =>
        client.send(
          new CreateMultipartUploadCommand({
            Bucket,
            Key: key,
            ContentType: opts?.contentType ?? DEFAULT_CONTENT_TYPE,
          }),
        ),
      );
      return r.UploadId as string;
    },
    async uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array) {
      checkBlobKey(key);
      checkPartNumber(partNumber);
      const r = await send("uploadPart", key, () =>
        client.send(
          new UploadPartCommand({
            Bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: body,
            ContentLength: body.byteLength,
          }),
        ),
      );
      return { partNumber, etag: unquote(r.ETag) };
    },
    async presignUploadPart(
      key: string,
      uploadId: string,
      partNumber: number,
      opts: { expiresInSeconds: number },
    ) {
      checkBlobKey(key);
      checkPartNumber(partNumber);
      const expiresIn = checkPresign(opts);
      return getSignedUrl(
        client,
        new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
        { expiresIn },
      );
    },
    async listParts(key: string, uploadId: string) {
      checkBlobKey(key);
      const parts: StoredPart[] = [];
      let marker: string | undefined;
      for (;;) {
        const r = await send("listParts", key, () =>
          client.send(
            new ListPartsCommand({
              Bucket,
              Key: key,
              UploadId: uploadId,
              ...(marker && { PartNumberMarker: marker }),
            }),
          ),
        );
        for (const p of r.Parts ?? []) {
          parts.push({ partNumber: p.PartNumber ?? 0, etag: unquote(p.ETag), size: p.Size ?? 0 });
        }
        if (!r.IsTruncated || !r.NextPartNumberMarker) break;
        marker = r.NextPartNumberMarker;
      }
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },
    async completeMultipartUpload(key: string, uploadId: string, parts: readonly UploadedPart[]) {
      checkBlobKey(key);
      if (parts.length === 0) throw new InvalidArgumentError("at least one part is required");
      await send("completeMultipartUpload", key, () =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: `"${p.etag}"` })) },
          }),
        ),
      );
      return (await headOf(key)) as BlobMetadata;
    },
    async abortMultipartUpload(key: string, uploadId: string) {
      checkBlobKey(key);
      await send("abortMultipartUpload", key, () =>
        client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId })),
      );
    },
  };
  return store;
}
