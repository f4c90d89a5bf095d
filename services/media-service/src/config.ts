import { type BaseConfig, env, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

const MiB = 1024 * 1024;
const bytes = (max: number) => z.coerce.number().int().min(1).max(max);

/** The development signing key: refused when APP_ENV is production or staging. */
export const DEV_SIGNING_SECRET = "nova-dev-media-signing-secret-change-me-0000";

/** Variables only media-service reads (the shared ones, AWS_S3_* included, are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** Origin clients reach this service at: signed URLs of the embedded store point here. */
  MEDIA_PUBLIC_URL: env.urlWith("http", "https").default("http://127.0.0.1:8014"),
  /** HMAC key of signed URLs (embedded store and HLS playlists); ≥ 32 characters, secret in production. */
  MEDIA_SIGNING_SECRET: z.string().min(32).default(DEV_SIGNING_SECRET),
  /** How long a signed URL stays valid. */
  MEDIA_URL_TTL: env.duration().default(3_600_000),
  /**
   * Where clients fetch media bytes: `store` = the store's own signed URLs (S3 presigned, or the
   * embedded store's HMAC URLs); `cdn` = MEDIA_CDN_BASE_URL/<key> signed in nginx's secure_link
   * scheme with MEDIA_CDN_SIGNING_KEY (the CDN checks the token and reads the private bucket).
   */
  MEDIA_URL_MODE: z.enum(["store", "cdn"]).default("store"),
  /** Origin (and optional path) of the CDN that serves object keys, e.g. https://media.cdn.example/m. */
  MEDIA_CDN_BASE_URL: env.urlWith("http", "https").optional(),
  /** The secret shared with the CDN's secure_link check (≥ 32 characters). */
  MEDIA_CDN_SIGNING_KEY: z.string().min(32).optional(),
  /** Largest image (JPEG, PNG, WebP, AVIF, HEIC) and GIF upload. */
  MEDIA_MAX_IMAGE_BYTES: bytes(1024 * MiB).default(20 * MiB),
  /** Largest video upload. */
  MEDIA_MAX_VIDEO_BYTES: bytes(16 * 1024 * MiB).default(512 * MiB),
  /** Upload sessions for files larger than this get presigned multipart part URLs (resumable). */
  MEDIA_MULTIPART_THRESHOLD: bytes(16 * 1024 * MiB).default(16 * MiB),
  /** Size of each multipart part (S3: at least 5 MiB; raised when a file would need > 10,000 parts). */
  MEDIA_MULTIPART_PART_SIZE: z.coerce
    .number()
    .int()
    .min(5 * MiB)
    .max(5 * 1024 * MiB)
    .default(8 * MiB),
  /** Also store every image size as AVIF (smaller files; ~2–3× the encode time of WebP). */
  MEDIA_AVIF: env.flag().default(false),
  /** Largest image in pixels (width × height declared in its header): decompression bombs are refused. */
  MEDIA_MAX_PIXELS: bytes(1_000_000_000).default(50_000_000),
  /** Longest video accepted, in seconds. */
  MEDIA_MAX_VIDEO_SECONDS: env.positiveInt(86_400).default(600),
  /** Bytes each account may store (sources and renditions); an upload past it is refused with 413. */
  MEDIA_QUOTA_BYTES: bytes(Number.MAX_SAFE_INTEGER).default(2048 * MiB),
  /** A media object attached to nothing for this long is deleted. */
  MEDIA_UNATTACHED_TTL: env.duration().default(24 * 3_600_000),
  /** How often the unattached-media collector runs. */
  MEDIA_GC_INTERVAL: env.duration().default(10 * 60_000),
  /**
   * libvips threads per image operation. 1 keeps CPU for the event loop on small nodes (measured:
   * health p99 under load 26 ms vs 84 ms with libvips' default on 2 cores); raise on big nodes.
   */
  MEDIA_IMAGE_THREADS: env.positiveInt(64).default(1),
  /** Live ingest: runs nginx's RTMP module as a supervised child (false: live streams cannot be pushed). */
  LIVE_ENABLED: env.flag().default(true),
  /**
   * This replica's own HTTP base URL as the other replicas reach it (k8s: http://$(POD_IP):8014).
   * Set with more than one replica: live playback requests reaching a replica that does not hold
   * the stream are relayed to the one that does. Unset: single instance, no relaying.
   */
  MEDIA_INSTANCE_URL: env.urlWith("http", "https").optional(),
  /** RTMP port of the live ingest. */
  LIVE_RTMP_PORT: env.port().default(1935),
  /** What encoders are told to push to (the host clients reach; the key is appended by the encoder). */
  LIVE_INGEST_URL: z.string().min(1).default("rtmp://localhost:1935/live"),
  /** nginx executable and its RTMP module (Debian: nginx-light + libnginx-mod-rtmp). */
  NGINX_PATH: z.string().min(1).default("nginx"),
  NGINX_RTMP_MODULE: z.string().min(1).default("/usr/lib/nginx/modules/ngx_rtmp_module.so"),
  /** trust-safety-service's HTTP base URL (Check on images); unset → the port convention. */
  TRUST_SAFETY_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** How long an image upload waits for trust-safety's Check (its hash against the blocklist). */
  MEDIA_CHECK_TIMEOUT: env.duration().default(300),
  /** No answer in time: `reject` (503, nothing stored; the default) or `allow` (ready; logged and counted). */
  MEDIA_CHECK_FAIL_MODE: z.enum(["reject", "allow"]).default("reject"),
  /** ffmpeg and ffprobe executables. */
  FFMPEG_PATH: z.string().min(1).default("ffmpeg"),
  FFPROBE_PATH: z.string().min(1).default("ffprobe"),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  const config = loadConfig("media-service", vars, serviceEnvSchema, { version: pkg.version });
  if (
    ["production", "staging"].includes(config.service.env) &&
    config.extra.MEDIA_SIGNING_SECRET === DEV_SIGNING_SECRET
  ) {
    throw new Error(
      "MEDIA_SIGNING_SECRET must be set in production and staging (the development key is public)",
    );
  }
  if (
    config.extra.MEDIA_URL_MODE === "cdn" &&
    (!config.extra.MEDIA_CDN_BASE_URL || !config.extra.MEDIA_CDN_SIGNING_KEY)
  ) {
    throw new Error("MEDIA_URL_MODE=cdn needs MEDIA_CDN_BASE_URL and MEDIA_CDN_SIGNING_KEY");
  }
  return config;
}
