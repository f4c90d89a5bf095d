/**
 * The ClickHouse engine of the infra tier: chDB behind ClickHouse's HTTP interface.
 * Usage: bun run scripts/infra/clickhouse-server.ts <dataDir> <port>   (started by up.ts)
 */
import { startClickHouseHttpServer } from "@nova/infra";

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) {
  console.error("usage: clickhouse-server.ts <dataDir> <port>");
  process.exit(2);
}
const server = await startClickHouseHttpServer({ dataDir, port: Number(port) });
console.log(`CLICKHOUSE_READY ${server.url} (chDB ${server.version})`);
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    void server.stop().finally(() => process.exit(0));
  });
}
