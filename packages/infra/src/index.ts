export type { ClickHouseHttpServer, ClickHouseHttpServerOptions } from "./clickhouse-http-server.ts";
export { startClickHouseHttpServer } from "./clickhouse-http-server.ts";
export type { S3Endpoint } from "./engine-clients.ts";
export {
  createElasticsearchClient,
  createS3Client,
  ELASTICSEARCH_8_COMPAT_HEADERS,
} from "./engine-clients.ts";
export type { EngineEnv, EngineEnvKey } from "./engine-env.ts";
export {
  defaultEngineEnvPath,
  ENGINE_ENV_DEFAULTS,
  formatEngineEnv,
  parseEngineEnv,
  readEngineEnv,
} from "./engine-env.ts";
export {
  ensureS3Bucket,
  probeClickHouse,
  probeElasticsearch,
  probeKafka,
  probeNeo4j,
  probePostgres,
  probeRedis,
  probeS3,
} from "./engine-probes.ts";
export type { SmokeResult } from "./smoke-checks.ts";
export { runSmokeChecks, SMOKE_CHECKS } from "./smoke-checks.ts";
export type { WaitForOptions } from "./wait-for.ts";
export { EngineNotReadyError, waitFor } from "./wait-for.ts";
