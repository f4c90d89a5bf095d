import type { Transaction } from "@nova/db";
import type { EntityState, StateAt } from "../domain/entity-state.ts";
import type { EntityType } from "../domain/entity-types.ts";

/** One state an entity had, from `validFrom` (epoch ms of the event that made it) on. */
export interface OfflineSnapshot extends StateAt {
  entityType: EntityType;
  entityId: string;
  eventId: string;
  state: EntityState;
}

/**
 * The offline store port: the full history of every entity's state, for training export and
 * point-in-time reads. Adapters: `createPostgresOfflineStore` (embedded default, the service's own
 * tables) and `createClickHouseOfflineStore` (CLICKHOUSE_URL). Both run one contract suite
 * (src/testing/offline-store-contract.ts).
 */
export interface OfflineStore {
  readonly kind: "postgres" | "clickhouse";
  /**
   * Appends snapshots. Appending the same (entity, version) again is a no-op, so an event applied
   * twice (a redelivery after a failed commit) leaves one row. The PostgreSQL adapter writes in
   * `tx` when given (atomic with the materialisation); ClickHouse cannot join it and ignores it.
   */
  append(rows: readonly OfflineSnapshot[], opts?: { tx?: Transaction }): Promise<void>;
  /** Per entity id, the latest state with validFrom ≤ `at` (ties: higher version); absent ids omitted. */
  asOf(entityType: EntityType, entityIds: readonly string[], at: number): Promise<Map<string, StateAt>>;
  /** Every snapshot of one entity, oldest first. */
  history(entityType: EntityType, entityId: string): Promise<OfflineSnapshot[]>;
  /**
   * Deletes every snapshot about an account (its user and author entities, every viewer × author
   * pair it is either side of). Idempotent. PostgreSQL deletes in `tx` when given.
   */
  eraseAccount(accountId: string, opts?: { tx?: Transaction }): Promise<void>;
  /** Deletes all history (a backfill rebuilds it). */
  clear(): Promise<void>;
  /** Throws when the backend does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
