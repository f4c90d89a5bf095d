import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { PoolRejection } from "./database-busy-error.ts";

/** Waits are bounded by maxWaitMs (seconds at most), so the buckets stop at 10 s. */
const WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The pool's Prometheus series; names are fixed because dashboards and alerts query them. */
export interface PoolMetrics {
  readonly size: Gauge;
  readonly inUse: Gauge;
  readonly waiting: Gauge;
  readonly rejections: Counter<"reason">;
  readonly waitSeconds: Histogram;
}

/** Registers the pool metrics on `registry`; one database handle per registry. */
export function registerPoolMetrics(registry: Registry): PoolMetrics {
  if (registry.getSingleMetric("nova_db_pool_size")) {
    throw new Error(
      "nova_db_pool_* metrics are already registered on this registry (one database handle per registry)",
    );
  }
  const registers = [registry];
  const metrics: PoolMetrics = {
    size: new Gauge({
      name: "nova_db_pool_size",
      help: "Configured maximum number of database connections (DATABASE_MAX_CONNECTIONS; 1 for PGlite).",
      registers,
    }),
    inUse: new Gauge({
      name: "nova_db_pool_in_use",
      help: "Database connections currently held by a query or transaction.",
      registers,
    }),
    waiting: new Gauge({
      name: "nova_db_pool_waiting",
      help: "Callers queued for a free database connection.",
      registers,
    }),
    rejections: new Counter({
      name: "nova_db_pool_rejections_total",
      help: "Callers turned away by the database pool: queue_full (queue at its limit) or timeout (waited too long).",
      labelNames: ["reason"],
      registers,
    }),
    waitSeconds: new Histogram({
      name: "nova_db_pool_wait_seconds",
      help: "Time callers waited for a free database connection before running (0 when one was free).",
      buckets: WAIT_BUCKETS,
      registers,
    }),
  };
  // Both series exist from the start, so rate() and alerts see a 0 rather than no data.
  for (const reason of REJECTIONS) metrics.rejections.inc({ reason }, 0);
  return metrics;
}

const REJECTIONS: readonly PoolRejection[] = ["queue_full", "timeout"];
