import { S3Client } from "@aws-sdk/client-s3";
import { Client as ElasticsearchClient, HttpConnection } from "@elastic/elasticsearch";

/**
 * Headers that make the v9 JS client talk to the Elasticsearch 8 engine the infra tier runs:
 * by default the client sends `compatible-with=9`, which an 8.x server rejects with
 * `media_type_header_exception` on every request that has a body.
 */
export const ELASTICSEARCH_8_COMPAT_HEADERS = {
  accept: "application/vnd.elasticsearch+json; compatible-with=8",
  "content-type": "application/vnd.elasticsearch+json; compatible-with=8",
} as const;

/** An Elasticsearch client for the infra engine: Bun-safe HttpConnection and ES 8 compat headers. */
export function createElasticsearchClient(url: string): ElasticsearchClient {
  return new ElasticsearchClient({
    node: url,
    Connection: HttpConnection,
    headers: { ...ELASTICSEARCH_8_COMPAT_HEADERS },
  });
}

/** Endpoint and credentials for {@link createS3Client}. */
export interface S3Endpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * An S3 client for S3Proxy: path-style addressing, and checksums only when an operation requires
 * them (the SDK's default streamed CRC trailers are not understood by every S3 implementation).
 */
export function createS3Client(ep: S3Endpoint): S3Client {
  return new S3Client({
    endpoint: ep.endpoint,
    region: ep.region,
    credentials: { accessKeyId: ep.accessKeyId, secretAccessKey: ep.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 1,
  });
}
