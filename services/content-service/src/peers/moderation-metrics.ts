import { moderationUnansweredCounter } from "@nova/kit";
import type { Counter, Registry } from "prom-client";

/** content-service's trust-safety metrics (test/deploy registers them too: the alert rule uses the name). */
export function moderationCheckMetrics(registry: Registry): { unanswered: Counter<"fail_mode"> } {
  return { unanswered: moderationUnansweredCounter(registry) };
}
