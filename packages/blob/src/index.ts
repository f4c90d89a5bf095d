export {
  type BlobBody,
  type BlobMetadata,
  type BlobObject,
  type BlobStore,
  type ByteRange,
  type GetOptions,
  type ListOptions,
  type ListPage,
  MIN_PART_SIZE,
  type PresignOptions,
  type PutOptions,
  type StoredPart,
  type UploadedPart,
} from "./blob-store.ts";
export { createBlobRoutes } from "./fs/create-blob-routes.ts";
export { createFsBlobStore, type FsBlobStore, type FsBlobStoreOptions } from "./fs/create-fs-blob-store.ts";
export { createS3BlobStore, type S3BlobStoreOptions } from "./s3/create-s3-blob-store.ts";
