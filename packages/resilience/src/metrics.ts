import { Counter, Gauge, type Registry } from "prom-client";
import type { CircuitState } from "./circuit-breaker.ts";

/** The resilience metrics of one registry, shared by every policy registered on it. */
export interface ResilienceMetrics {
  readonly circuitState: Gauge<"name">;
  readonly circuitTransitions: Counter<"name" | "from" | "to">;
  readonly retries: Counter<"name">;
  readonly rejections: Counter<"name" | "reason">;
}

/** Gauge values of `resilience_circuit_state`. */
export const CIRCUIT_STATE_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

const cache = new WeakMap<Registry, ResilienceMetrics>();

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

/** Registers (once per registry) and returns the resilience metrics on `registry`. */
export function resilienceMetrics(registry: Registry): ResilienceMetrics {
  const cached = cache.get(registry);
  if (cached) return cached;
  const registers = [registry];
  const metrics: ResilienceMetrics = {
    circuitState:
      existing(registry, "resilience_circuit_state") ??
      new Gauge({
        name: "resilience_circuit_state",
        help: "Circuit breaker state: 0 closed, 1 half-open, 2 open.",
        labelNames: ["name"],
        registers,
      }),
    circuitTransitions:
      existing(registry, "resilience_circuit_transitions_total") ??
      new Counter({
        name: "resilience_circuit_transitions_total",
        help: "Circuit breaker state transitions.",
        labelNames: ["name", "from", "to"],
        registers,
      }),
    retries:
      existing(registry, "resilience_retries_total") ??
      new Counter({
        name: "resilience_retries_total",
        help: "Retry attempts made (first attempts not counted).",
        labelNames: ["name"],
        registers,
      }),
    rejections:
      existing(registry, "resilience_rejections_total") ??
      new Counter({
        name: "resilience_rejections_total",
        help: "Calls rejected or cut short by a policy, by reason (circuit_open, queue_full, queue_timeout, deadline, retry_budget).",
        labelNames: ["name", "reason"],
        registers,
      }),
  };
  cache.set(registry, metrics);
  return metrics;
}
