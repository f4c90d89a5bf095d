import { describe, expect, test } from "bun:test";
import { DeadlineExceededError, UnavailableError } from "@nova/errors";
import { Registry } from "prom-client";
import { CircuitOpenError, createPolicy, policyPresets } from "../src/index.ts";
import { createFakeClock } from "../src/testing/index.ts";

async function metricValue(registry: Registry, name: string, labels: Record<string, string>) {
  const m = await registry.getSingleMetric(name)?.get();
  const v = m?.values.find((x) => Object.entries(labels).every(([k, val]) => x.labels[k] === val));
  return v?.value;
}

describe("createPolicy", () => {
  test("retries idempotent calls, opens the breaker, fails fast and records metrics", async () => {
    const clock = createFakeClock();
    const registry = new Registry();
    const policy = createPolicy({
      name: "user-service",
      timeoutMs: 5_000,
      retry: { maxAttempts: 3, baseDelayMs: 10, random: () => 0 },
      breaker: {
        window: { kind: "count", size: 10 },
        consecutiveFailures: 3,
        openMs: 1_000,
        halfOpenProbes: 1,
      },
      registry,
      clock,
    });
    let calls = 0;
    const down = async () => {
      calls++;
      throw new UnavailableError("connection refused");
    };
    const first = policy.execute(down, { idempotent: true }).catch((e) => e);
    await clock.advance(100);
    expect(await first).toBeInstanceOf(UnavailableError);
    expect(calls).toBe(3); // one call, two retries: the third failure opened the circuit
    expect(policy.breaker?.state).toBe("open");

    const second = await policy.execute(down, { idempotent: true }).catch((e) => e);
    expect(second).toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(3);

    expect(await metricValue(registry, "resilience_retries_total", { name: "user-service" })).toBe(2);
    expect(await metricValue(registry, "resilience_circuit_state", { name: "user-service" })).toBe(2);
    expect(
      await metricValue(registry, "resilience_circuit_transitions_total", {
        name: "user-service",
        from: "closed",
        to: "open",
      }),
    ).toBe(1);
    expect(
      await metricValue(registry, "resilience_rejections_total", {
        name: "user-service",
        reason: "circuit_open",
      }),
    ).toBe(1);

    await clock.advance(1_000);
    expect(await policy.execute(async () => "back", { idempotent: true })).toBe("back");
    expect(await metricValue(registry, "resilience_circuit_state", { name: "user-service" })).toBe(0);
  });

  test("the overall deadline bounds all attempts together", async () => {
    const clock = createFakeClock();
    const policy = createPolicy({
      name: "slow",
      timeoutMs: 300,
      retry: { maxAttempts: 10, baseDelayMs: 1 },
      clock,
    });
    let attempts = 0;
    const p = policy
      .execute(
        (signal) =>
          new Promise((_, reject) => {
            attempts++;
            signal.addEventListener("abort", () => reject(signal.reason));
          }),
        { idempotent: true },
      )
      .catch((e) => e);
    await clock.advance(300);
    expect(await p).toBeInstanceOf(DeadlineExceededError);
    expect(attempts).toBe(1);
  });

  test("policies sharing a registry share the metric families", () => {
    const registry = new Registry();
    createPolicy({ name: "a", ...policyPresets.rpc(), registry });
    createPolicy({ name: "b", ...policyPresets.database(), registry });
    for (const preset of [policyPresets.cache(), policyPresets.externalHttp(), policyPresets.broker()])
      expect(createPolicy({ name: "c", ...preset, registry }).name).toBe("c");
    expect(registry.getSingleMetric("resilience_circuit_state")).toBeDefined();
  });
});
