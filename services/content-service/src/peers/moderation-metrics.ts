import { Counter, type Registry } from "prom-client";

/** content-service's trust-safety metrics (test/deploy registers them too: the alert rule uses the name). */
export function moderationCheckMetrics(registry: Registry): { unanswered: Counter<"fail_mode"> } {
  const existing = registry.getSingleMetric("moderation_check_unanswered_total");
  return {
    unanswered:
      (existing as Counter<"fail_mode"> | undefined) ??
      new Counter({
        name: "moderation_check_unanswered_total",
        help: "Writes trust-safety did not answer in time, by the fail mode applied",
        labelNames: ["fail_mode"],
        registers: [registry],
      }),
  };
}
