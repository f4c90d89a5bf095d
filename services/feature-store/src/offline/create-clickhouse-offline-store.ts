import { createClient } from "@clickhouse/client";
import { UnavailableError } from "@nova/errors";
import type { EntityState, StateAt } from "../domain/entity-state.ts";
import type { EntityType } from "../domain/entity-types.ts";
import type { OfflineSnapshot, OfflineStore } from "./offline-store.ts";

export interface ClickHouseOfflineStoreOptions {
  url: string;
  /** Table name (tests use their own); default `feature_snapshots`. */
  table?: string;
}

interface Row {
  entity_id: string;
  valid_from: string | number;
  version: string | number;
  event_id?: string;
  state: string;
}

interface LatestRow {
  entity_id: string;
  latest_valid_from: string | number;
  latest_version: string | number;
  latest_state: string;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The production offline store on ClickHouse. ReplacingMergeTree keyed by entity and version: a
 * snapshot appended twice (redelivery) collapses on merge, and reads take the latest version per
 * entity with `argMax`, so an unmerged duplicate never changes an answer.
 */
export async function createClickHouseOfflineStore(
  opts: ClickHouseOfflineStoreOptions,
): Promise<OfflineStore> {
  const table = opts.table ?? "feature_snapshots";
  if (!TABLE_NAME.test(table)) throw new Error(`invalid ClickHouse table name: ${table}`);
  const client = createClient({ url: opts.url, request_timeout: 10_000 });
  const ping = async () => {
    const result = await client.ping();
    if (!result.success) throw new UnavailableError(`ClickHouse at ${opts.url} does not answer`);
  };
  try {
    await ping();
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS ${table} (
        entity_type LowCardinality(String),
        entity_id String,
        valid_from Int64,
        version UInt64,
        event_id String,
        state String,
        recorded_at DateTime64(3, 'UTC') DEFAULT now64(3)
      ) ENGINE = ReplacingMergeTree ORDER BY (entity_type, entity_id, version)`,
    });
  } catch (err) {
    await client.close();
    throw new Error(`CLICKHOUSE_URL: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const toStateAt = (r: Row): StateAt => ({
    state: JSON.parse(r.state) as EntityState,
    validFrom: Number(r.valid_from),
    version: Number(r.version),
  });
  return {
    kind: "clickhouse",
    async append(rows) {
      if (rows.length === 0) return;
      await client.insert({
        table,
        format: "JSONEachRow",
        values: rows.map((r) => ({
          entity_type: r.entityType,
          entity_id: r.entityId,
          valid_from: r.validFrom,
          version: r.version,
          event_id: r.eventId,
          state: JSON.stringify(r.state),
        })),
      });
    },
    async asOf(entityType, entityIds, at) {
      const out = new Map<string, StateAt>();
      if (entityIds.length === 0) return out;
      const result = await client.query({
        // Aliases differ from the columns: ClickHouse would otherwise resolve WHERE's valid_from to the aggregate.
        query: `SELECT entity_id,
                  argMax(valid_from, (valid_from, version)) AS latest_valid_from,
                  argMax(version, (valid_from, version)) AS latest_version,
                  argMax(state, (valid_from, version)) AS latest_state
                FROM ${table}
                WHERE entity_type = {type:String} AND entity_id IN {ids:Array(String)} AND valid_from <= {at:Int64}
                GROUP BY entity_id`,
        query_params: { type: entityType, ids: [...entityIds], at },
        format: "JSONEachRow",
      });
      for (const r of await result.json<LatestRow>()) {
        out.set(
          r.entity_id,
          toStateAt({
            entity_id: r.entity_id,
            valid_from: r.latest_valid_from,
            version: r.latest_version,
            state: r.latest_state,
          }),
        );
      }
      return out;
    },
    async history(entityType: EntityType, entityId: string) {
      const result = await client.query({
        query: `SELECT entity_id, valid_from, version, any(event_id) AS event_id, any(state) AS state
                FROM ${table}
                WHERE entity_type = {type:String} AND entity_id = {id:String}
                GROUP BY entity_id, valid_from, version
                ORDER BY valid_from, version`,
        query_params: { type: entityType, id: entityId },
        format: "JSONEachRow",
      });
      return (await result.json<Row>()).map(
        (r): OfflineSnapshot => ({ entityType, entityId, eventId: r.event_id ?? "", ...toStateAt(r) }),
      );
    },
    async eraseAccount(accountId) {
      // A lightweight delete: the rows disappear from reads at once, the parts are rewritten later.
      await client.command({
        query: `DELETE FROM ${table}
                WHERE (entity_type IN ('user', 'author') AND entity_id = {id:String})
                   OR (entity_type = 'user_author' AND has(splitByChar(':', entity_id), {id:String}))`,
        query_params: { id: accountId },
      });
    },
    async clear() {
      await client.command({ query: `TRUNCATE TABLE IF EXISTS ${table}` });
    },
    ping,
    async close() {
      await client.close();
    },
  };
}
