import type { Database } from "@nova/db";
import { createClickHouseImpressionStore } from "./clickhouse-impression-store.ts";
import type { ImpressionStore } from "./impression-store.ts";
import { createPostgresImpressionStore } from "./postgres-impression-store.ts";

/** ClickHouse when CLICKHOUSE_URL is set (failing fast if unreachable), else the service's own tables. */
export function createImpressionStore(opts: {
  clickhouseUrl: string | undefined;
  db: Database;
}): Promise<ImpressionStore> {
  return opts.clickhouseUrl
    ? createClickHouseImpressionStore(opts.clickhouseUrl)
    : Promise.resolve(createPostgresImpressionStore(opts.db));
}
