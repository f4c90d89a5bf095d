import { Gauge, type Registry } from "prom-client";
import type { OutboxStats } from "./outbox-stats.ts";

export const OUTBOX_METRIC_NAMES = {
  pending: "nova_outbox_pending_events",
  oldestAge: "nova_outbox_oldest_pending_age_seconds",
  dead: "nova_outbox_dead_events",
} as const;

/** Unregisters the gauges again (on relay stop), so a restarted relay can register anew. */
export type UnregisterMetrics = () => void;

/**
 * Registers the backlog gauges on the service's registry; its default labels (service, version)
 * label them. Values are read from the database at scrape time, so any replica reports the shared
 * backlog, relay running or not; one read serves the three gauges of a scrape.
 */
export function registerOutboxMetrics(
  registry: Registry,
  read: () => Promise<OutboxStats>,
): UnregisterMetrics {
  for (const name of Object.values(OUTBOX_METRIC_NAMES)) {
    if (registry.getSingleMetric(name)) {
      throw new Error(`${name} is already registered: one outbox relay per service registry`);
    }
  }
  let cached: { at: number; stats: Promise<OutboxStats> } | undefined;
  const stats = () => {
    if (!cached || performance.now() - cached.at > 1_000) {
      cached = { at: performance.now(), stats: read() };
      cached.stats.catch(() => {
        cached = undefined;
      });
    }
    return cached.stats;
  };
  const gauge = (name: string, help: string, pick: (s: OutboxStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["service", "version"],
      registers: [registry],
      async collect() {
        // A failed read keeps the last value rather than failing the whole scrape.
        const s = await stats().catch(() => undefined);
        if (s) this.set(pick(s));
      },
    });
  gauge(OUTBOX_METRIC_NAMES.pending, "Outbox events not yet relayed to the event bus.", (s) => s.pending);
  gauge(
    OUTBOX_METRIC_NAMES.oldestAge,
    "Age in seconds of the oldest outbox event not yet relayed.",
    (s) => s.oldestPendingAgeSeconds,
  );
  gauge(OUTBOX_METRIC_NAMES.dead, "Outbox events given up on after the maximum attempts.", (s) => s.dead);
  return () => {
    for (const name of Object.values(OUTBOX_METRIC_NAMES)) registry.removeSingleMetric(name);
  };
}
