export { AccessTestService } from "./access-test-service.ts";
export { connectCode } from "./connect-code.ts";
export {
  createPostgresTestDatabase,
  LOCAL_POSTGRES_URL,
  type PostgresTestDatabase,
  type PostgresTestDatabaseOptions,
} from "./create-postgres-test-database.ts";
export { createTestDatabase, type TestDatabaseOptions } from "./create-test-database.ts";
export { grpcHealthCheck } from "./grpc-health-check.ts";
export type { TestMigrations } from "./migration-targets.ts";
export { pgliteTemplate, TEMPLATE_CACHE_DIR } from "./pglite-template.ts";
export { parsePrometheusText } from "./prometheus-text.ts";
export { silentLogger } from "./silent-logger.ts";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";
