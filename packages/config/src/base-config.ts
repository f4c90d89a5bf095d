import { z } from "zod";
import { duration, flag, hostPortList, originList, pem, port, positiveInt, urlWith } from "./env-types.ts";
import { type TrustedProxies, trustedProxyList } from "./trusted-proxies.ts";

/**
 * The guide's environment variables, shared by every service. Unset optional engine URLs select
 * the embedded adapter; a set one selects the real engine.
 */
export const baseEnvSchema = z
  .object({
    APP_ENV: z.enum(["development", "test", "staging", "production"]).default("development"),
    APP_VERSION: z.string().trim().min(1).optional(),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
    HTTP_PORT: port().optional(),
    GRPC_PORT: port().optional(),
    /** Browser origins allowed to call with credentials; unset = none (same-origin pages only). */
    CORS_ORIGINS: originList().default([]),
    NOVA_DATA_DIR: z.string().trim().min(1).default(".nova"),
    DATABASE_URL: urlWith("postgres", "postgresql").optional(),
    DATABASE_MAX_CONNECTIONS: positiveInt(1000).default(20),
    /** Callers allowed to wait for a connection before new ones are refused with 503. */
    DATABASE_POOL_MAX_WAITING: z.coerce
      .number({ error: "must be a number" })
      .int()
      .min(0)
      .max(100_000)
      .optional(),
    DATABASE_POOL_MAX_WAIT: duration().default(5_000),
    DEBUG_SQL_QUERIES: flag().default(false),
    REDIS_URL: urlWith("redis", "rediss").optional(),
    REDIS_POOL_SIZE: positiveInt(1000).default(10),
    KAFKA_BROKERS: hostPortList().optional(),
    CLICKHOUSE_URL: urlWith("http", "https").optional(),
    NEO4J_URI: urlWith("bolt", "neo4j", "bolt+s", "neo4j+s").optional(),
    NEO4J_USER: z.string().default("neo4j"),
    NEO4J_PASSWORD: z.string().optional(),
    ELASTICSEARCH_URL: urlWith("http", "https").optional(),
    AWS_S3_BUCKET: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name")
      .optional(),
    AWS_S3_REGION: z.string().trim().min(1).default("us-east-1"),
    AWS_S3_ENDPOINT: urlWith("http", "https").optional(),
    AWS_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
    AWS_SECRET_ACCESS_KEY: z.string().trim().min(1).optional(),
    SMTP_HOST: z.string().trim().min(1).optional(),
    SMTP_PORT: port().default(587),
    SMTP_USERNAME: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    SMTP_FROM_EMAIL: z.email("must be an email address").default("noreply@nova.app"),
    JWT_PRIVATE_KEY_PEM: pem().optional(),
    JWT_PUBLIC_KEY_PEM: pem().optional(),
    JWT_PRIVATE_KEY_PATH: z.string().trim().min(1).optional(),
    JWT_PUBLIC_KEY_PATH: z.string().trim().min(1).optional(),
    GRPC_REQUEST_TIMEOUT: duration().default(10_000),
    GRPC_CONNECTION_POOL_SIZE: positiveInt(1000).default(10),
    DISABLE_AUTH: flag().default(false),
    /** This service's Ed25519 signing key (PKCS#8 PEM) for service tokens; unset: the dev PKI. */
    SERVICE_KEY_PATH: z.string().trim().min(1).optional(),
    /** JSON trust bundle: every service's public keys; unset: the dev PKI's. */
    SERVICE_TRUST_BUNDLE_PATH: z.string().trim().min(1).optional(),
    /** Development PKI directory (CA, per-service certs and keys, trust bundle). Default <repo>/.nova/pki. */
    NOVA_PKI_DIR: z.string().trim().min(1).optional(),
    /** mTLS on the gRPC port (server and clients): this service's certificate, key and the CA. */
    GRPC_TLS_CERT_PATH: z.string().trim().min(1).optional(),
    GRPC_TLS_KEY_PATH: z.string().trim().min(1).optional(),
    GRPC_TLS_CA_PATH: z.string().trim().min(1).optional(),
    SHUTDOWN_TIMEOUT: duration().default(8_000),
    /** CIDRs whose X-Forwarded-For is believed; `none` for no proxy. Unset: loopback and the private ranges. */
    TRUSTED_PROXIES: trustedProxyList().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.DISABLE_AUTH && (env.APP_ENV === "production" || env.APP_ENV === "staging")) {
      ctx.addIssue({
        code: "custom",
        path: ["DISABLE_AUTH"],
        message: `must be false when APP_ENV=${env.APP_ENV}`,
      });
    }
    if (!!env.SERVICE_KEY_PATH !== !!env.SERVICE_TRUST_BUNDLE_PATH) {
      ctx.addIssue({
        code: "custom",
        path: [env.SERVICE_KEY_PATH ? "SERVICE_TRUST_BUNDLE_PATH" : "SERVICE_KEY_PATH"],
        message: "SERVICE_KEY_PATH and SERVICE_TRUST_BUNDLE_PATH go together",
      });
    } else if (!env.SERVICE_KEY_PATH && (env.APP_ENV === "production" || env.APP_ENV === "staging")) {
      // A dev PKI made inside one pod would be trusted by no other: refuse rather than fail every call.
      ctx.addIssue({
        code: "custom",
        path: ["SERVICE_KEY_PATH"],
        message: `required when APP_ENV=${env.APP_ENV} (with SERVICE_TRUST_BUNDLE_PATH); the dev PKI is for development only`,
      });
    }
    const tls = [env.GRPC_TLS_CERT_PATH, env.GRPC_TLS_KEY_PATH, env.GRPC_TLS_CA_PATH].filter(Boolean).length;
    if (tls !== 0 && tls !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["GRPC_TLS_CA_PATH"],
        message: "GRPC_TLS_CERT_PATH, GRPC_TLS_KEY_PATH and GRPC_TLS_CA_PATH must be set together",
      });
    }
    if (env.JWT_PRIVATE_KEY_PEM && env.JWT_PRIVATE_KEY_PATH) {
      ctx.addIssue({
        code: "custom",
        path: ["JWT_PRIVATE_KEY_PATH"],
        message: "set either JWT_PRIVATE_KEY_PEM or JWT_PRIVATE_KEY_PATH, not both",
      });
    }
    if (env.AWS_S3_BUCKET && !!env.AWS_ACCESS_KEY_ID !== !!env.AWS_SECRET_ACCESS_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["AWS_SECRET_ACCESS_KEY"],
        message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together",
      });
    }
  });

export type BaseEnv = z.infer<typeof baseEnvSchema>;

/** The typed, nested configuration every service receives (built once in main.ts). */
export interface BaseConfig {
  service: { name: string; version: string; env: BaseEnv["APP_ENV"] };
  log: { level: BaseEnv["LOG_LEVEL"] };
  /** `corsOrigins`: exact origins browsers may call from with credentials (CORS_ORIGINS); empty = none. */
  http: { port: number; corsOrigins: string[] };
  /** null for the gateway, which has no gRPC listener. */
  grpc: {
    port: number | null;
    requestTimeoutMs: number;
    connectionPoolSize: number;
    /** mTLS material of the gRPC port (GRPC_TLS_*_PATH); undefined: h2c. */
    tls?: { certPath: string; keyPath: string; caPath: string } | undefined;
  };
  /** Service identity: signing key and trust bundle files; both undefined → the dev PKI in `pkiDir`. */
  identity: { keyPath: string | undefined; trustBundlePath: string | undefined; pkiDir: string | undefined };
  dataDir: string;
  database: {
    url: string | undefined;
    maxConnections: number;
    /** Queue in front of the pool; undefined → 10 × maxConnections. */
    poolMaxWaiting: number | undefined;
    poolMaxWaitMs: number;
    debugSql: boolean;
  };
  redis: { url: string | undefined; poolSize: number };
  kafka: { brokers: string[] | undefined };
  clickhouse: { url: string | undefined };
  neo4j: { uri: string | undefined; user: string; password: string | undefined };
  elasticsearch: { url: string | undefined };
  s3: {
    bucket: string | undefined;
    region: string;
    endpoint: string | undefined;
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
  };
  smtp: {
    host: string | undefined;
    port: number;
    username: string | undefined;
    password: string | undefined;
    from: string;
  };
  jwt: {
    privateKeyPem: string | undefined;
    publicKeyPem: string | undefined;
    privateKeyPath: string | undefined;
    publicKeyPath: string | undefined;
  };
  auth: { disabled: boolean };
  shutdownTimeoutMs: number;
  /** Proxies (the ingress, the gateway) whose X-Forwarded-For hops are believed when resolving the client IP. */
  trustedProxies: TrustedProxies;
}
