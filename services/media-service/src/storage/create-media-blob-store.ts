import { join } from "node:path";
import { type BlobStore, createFsBlobStore, createS3BlobStore, type FsBlobStore } from "@nova/blob";
import type { ServiceConfig } from "../config.ts";

/** Where media bytes live: S3 when AWS_S3_BUCKET is set, else a directory under NOVA_DATA_DIR. */
export interface MediaStorage {
  store: BlobStore;
  /** Set for the embedded store: its signed URLs are served by this service's /blobs routes. */
  fs?: FsBlobStore;
}

export function createMediaStorage(config: ServiceConfig): MediaStorage {
  const { s3, extra } = config;
  if (s3.bucket) {
    return {
      store: createS3BlobStore({
        bucket: s3.bucket,
        region: s3.region,
        ...(s3.endpoint && { endpoint: s3.endpoint }),
        ...(s3.accessKeyId && { accessKeyId: s3.accessKeyId }),
        ...(s3.secretAccessKey && { secretAccessKey: s3.secretAccessKey }),
      }),
    };
  }
  const fs = createFsBlobStore({
    root: join(config.dataDir, "blobs", "media"),
    publicBaseUrl: extra.MEDIA_PUBLIC_URL,
    signingSecret: extra.MEDIA_SIGNING_SECRET,
  });
  return { store: fs, fs };
}
