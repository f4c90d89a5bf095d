import { Counter, type Registry } from "prom-client";
import type { AnalyticsStore } from "../store/analytics-store.ts";
import type { EventRow } from "../store/event-row.ts";

/** The one way rows reach the store: counts what was written, for /metrics and the pipeline view. */
export interface IngestWriter {
  write(rows: readonly EventRow[]): Promise<number>;
  /** New events stored per second over the last minute, in this instance. */
  ratePerSecond(): number;
}

const WINDOW_MS = 60_000;

export function createIngestWriter(
  store: AnalyticsStore,
  registry: Registry,
  clock: () => Date,
): IngestWriter {
  const ingested = new Counter({
    name: "analytics_events_ingested_total",
    help: "Events stored (new ids only), by source",
    labelNames: ["source"],
    registers: [registry],
  });
  const duplicates = new Counter({
    name: "analytics_events_duplicate_total",
    help: "Events not stored again because their id was already known",
    registers: [registry],
  });
  // Per-second buckets of the last minute.
  const seconds = new Map<number, number>();
  return {
    async write(rows) {
      if (rows.length === 0) return 0;
      const stored = await store.insert(rows);
      const source = rows[0]?.source ?? "client";
      ingested.inc({ source }, stored);
      duplicates.inc(rows.length - stored);
      const now = Math.floor(clock().getTime() / 1000);
      seconds.set(now, (seconds.get(now) ?? 0) + stored);
      for (const s of seconds.keys()) if (s <= now - WINDOW_MS / 1000) seconds.delete(s);
      return stored;
    },
    ratePerSecond() {
      const now = Math.floor(clock().getTime() / 1000);
      let sum = 0;
      for (const [s, n] of seconds) if (s > now - WINDOW_MS / 1000) sum += n;
      return sum / (WINDOW_MS / 1000);
    },
  };
}
