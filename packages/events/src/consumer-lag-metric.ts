import { Gauge, type Registry } from "prom-client";

export const CONSUMER_LAG_METRIC = "nova_consumer_lag";

/** Sets `nova_consumer_lag{topic}` (plus the registry's service/version) for one topic. */
export type LagReporter = (topic: string, lag: number) => void;

/**
 * The consumer-lag gauge on the service's registry: events in the topic not yet committed by this
 * service's consumer. Subscriptions of one service share the gauge (each sets its own topics).
 */
export function consumerLagReporter(registry: Registry | undefined): LagReporter {
  if (!registry) return () => {};
  const existing = registry.getSingleMetric(CONSUMER_LAG_METRIC);
  const gauge =
    (existing as Gauge<"topic"> | undefined) ??
    new Gauge({
      name: CONSUMER_LAG_METRIC,
      help: "Events in the topic not yet processed and committed by this service's consumer group.",
      labelNames: ["service", "version", "topic"],
      registers: [registry],
    });
  return (topic, lag) => gauge.set({ topic }, Math.max(0, lag));
}
