import type { z } from "zod";
import { type BaseConfig, type BaseEnv, baseEnvSchema } from "./base-config.ts";
import { serviceInfo } from "./services.ts";
import { trustedProxiesFor } from "./trusted-proxies.ts";

/** Start-up configuration error: lists every bad or missing variable in one message. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly { variable: string; message: string }[],
  ) {
    super(
      `Invalid configuration for ${service}:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** Drops empty strings so `FOO=` means "unset", as in most .env tooling. */
function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}

function describe(error: z.ZodError, env: Env): { variable: string; message: string }[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "(environment)");
    const raw = env[variable];
    const got =
      raw === undefined ? "" : ` (got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw)})`;
    return { variable, message: `${issue.message}${got}` };
  });
}

/**
 * Parses the base variables plus a service's own `extra` schema from `env` and returns the nested
 * config. Throws ConfigError naming every problem at once.
 */
export function loadConfig<S extends z.ZodType<Record<string, unknown>>>(
  serviceName: string,
  env: Env,
  extra?: S,
  opts: { version?: string } = {},
): BaseConfig & { extra: z.infer<S> } {
  const info = serviceInfo(serviceName);
  const clean = withoutEmpty(env);
  const base = baseEnvSchema.safeParse(clean);
  const own = extra?.safeParse(clean);
  const problems = [
    ...(base.success ? [] : describe(base.error, clean)),
    ...(own && !own.success ? describe(own.error, clean) : []),
  ];
  if (base.success && info.grpcPort !== null) {
    const http = base.data.HTTP_PORT ?? info.httpPort;
    const grpc = base.data.GRPC_PORT ?? http + 1000;
    if (grpc === http) problems.push({ variable: "GRPC_PORT", message: "must differ from HTTP_PORT" });
  }
  if (problems.length > 0 || !base.success) throw new ConfigError(serviceName, problems);
  return {
    ...toNested(info.name, info.grpcPort !== null, base.data, opts.version),
    extra: (own?.data ?? {}) as z.infer<S>,
  };
}

function toNested(name: string, hasGrpc: boolean, e: BaseEnv, version?: string): BaseConfig {
  const info = serviceInfo(name);
  const httpPort = e.HTTP_PORT ?? info.httpPort;
  return {
    service: { name, version: e.APP_VERSION ?? version ?? "0.0.0-dev", env: e.APP_ENV },
    log: { level: e.LOG_LEVEL },
    http: { port: httpPort, corsOrigins: e.CORS_ORIGINS },
    grpc: {
      port: hasGrpc ? (e.GRPC_PORT ?? httpPort + 1000) : null,
      requestTimeoutMs: e.GRPC_REQUEST_TIMEOUT,
      connectionPoolSize: e.GRPC_CONNECTION_POOL_SIZE,
      tls:
        e.GRPC_TLS_CERT_PATH && e.GRPC_TLS_KEY_PATH && e.GRPC_TLS_CA_PATH
          ? { certPath: e.GRPC_TLS_CERT_PATH, keyPath: e.GRPC_TLS_KEY_PATH, caPath: e.GRPC_TLS_CA_PATH }
          : undefined,
    },
    identity: {
      keyPath: e.SERVICE_KEY_PATH,
      trustBundlePath: e.SERVICE_TRUST_BUNDLE_PATH,
      pkiDir: e.NOVA_PKI_DIR,
    },
    dataDir: e.NOVA_DATA_DIR,
    database: {
      url: e.DATABASE_URL,
      maxConnections: e.DATABASE_MAX_CONNECTIONS,
      poolMaxWaiting: e.DATABASE_POOL_MAX_WAITING,
      poolMaxWaitMs: e.DATABASE_POOL_MAX_WAIT,
      debugSql: e.DEBUG_SQL_QUERIES,
    },
    redis: { url: e.REDIS_URL, poolSize: e.REDIS_POOL_SIZE },
    kafka: { brokers: e.KAFKA_BROKERS },
    clickhouse: { url: e.CLICKHOUSE_URL },
    neo4j: { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD },
    elasticsearch: { url: e.ELASTICSEARCH_URL },
    s3: {
      bucket: e.AWS_S3_BUCKET,
      region: e.AWS_S3_REGION,
      endpoint: e.AWS_S3_ENDPOINT,
      accessKeyId: e.AWS_ACCESS_KEY_ID,
      secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
    },
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      username: e.SMTP_USERNAME,
      password: e.SMTP_PASSWORD,
      from: e.SMTP_FROM_EMAIL,
    },
    jwt: {
      privateKeyPem: e.JWT_PRIVATE_KEY_PEM,
      publicKeyPem: e.JWT_PUBLIC_KEY_PEM,
      privateKeyPath: e.JWT_PRIVATE_KEY_PATH,
      publicKeyPath: e.JWT_PUBLIC_KEY_PATH,
    },
    auth: { disabled: e.DISABLE_AUTH },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT,
    trustedProxies: trustedProxiesFor(e.TRUSTED_PROXIES),
  };
}
