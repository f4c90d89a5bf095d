import { describe, expect, test } from "bun:test";
import { NotFoundError, UnavailableError } from "@nova/errors";
import { CircuitOpenError, createCircuitBreaker, type StateChange } from "../src/index.ts";
import { createFakeClock } from "../src/testing/index.ts";

const ok = async () => "ok";
const down = async () => {
  throw new UnavailableError("connection refused");
};

function setup(overrides: Partial<Parameters<typeof createCircuitBreaker>[0]> = {}) {
  const clock = createFakeClock();
  const changes: string[] = [];
  const breaker = createCircuitBreaker({
    name: "user-service",
    window: { kind: "count", size: 10 },
    failureRateThreshold: 0.5,
    minimumCalls: 6,
    consecutiveFailures: 4,
    openMs: 5_000,
    halfOpenProbes: 2,
    clock,
    ...overrides,
  });
  breaker.onStateChange((c: StateChange) => changes.push(`${c.from}->${c.to}`));
  return { clock, breaker, changes };
}

async function run(breaker: ReturnType<typeof createCircuitBreaker>, fn: () => Promise<string>) {
  return breaker.execute(fn).catch((e) => e);
}

describe("circuit breaker", () => {
  test("opens after N consecutive failures and then fails fast with UnavailableError", async () => {
    const { breaker, changes } = setup();
    for (let i = 0; i < 4; i++) await run(breaker, down);
    expect(breaker.state).toBe("open");
    let called = false;
    const err = await run(breaker, async () => {
      called = true;
      return "x";
    });
    expect(called).toBe(false);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(changes).toEqual(["closed->open"]);
  });

  test("opens on the error rate only once the minimum volume is reached", async () => {
    const { breaker } = setup({ consecutiveFailures: 100 });
    // 3 failures of 5 calls = 60 %, but below the 6-call minimum.
    for (const fn of [down, ok, down, ok, down]) await run(breaker, fn);
    expect(breaker.state).toBe("closed");
    await run(breaker, ok); // 3 / 6 = 50 %
    expect(breaker.state).toBe("open");
  });

  test("domain answers such as not_found do not count as failures", async () => {
    const { breaker } = setup();
    for (let i = 0; i < 10; i++)
      await run(breaker, async () => {
        throw new NotFoundError("profile");
      });
    expect(breaker.state).toBe("closed");
  });

  test("half-open after the cool-down lets N probes through and closes after N successes", async () => {
    const { breaker, clock, changes } = setup();
    for (let i = 0; i < 4; i++) await run(breaker, down);
    await clock.advance(4_999);
    expect(breaker.state).toBe("open");
    await clock.advance(1);
    expect(breaker.state).toBe("half_open");

    // Two probes in flight: a third call is rejected while they run.
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const probes = [breaker.execute(() => gate.then(ok)), breaker.execute(() => gate.then(ok))];
    expect(await run(breaker, ok)).toBeInstanceOf(CircuitOpenError);
    release();
    expect(await Promise.all(probes)).toEqual(["ok", "ok"]);
    expect(breaker.state).toBe("closed");
    expect(changes).toEqual(["closed->open", "open->half_open", "half_open->closed"]);
  });

  test("any failure while half-open reopens the circuit for another cool-down", async () => {
    const { breaker, clock, changes } = setup();
    for (let i = 0; i < 4; i++) await run(breaker, down);
    await clock.advance(5_000);
    await run(breaker, ok);
    await run(breaker, down);
    expect(breaker.state).toBe("open");
    expect(changes).toEqual(["closed->open", "open->half_open", "half_open->open"]);
    await clock.advance(5_000);
    expect(breaker.state).toBe("half_open");
  });

  test("a time-based window forgets failures older than the window", async () => {
    const { breaker, clock } = setup({
      window: { kind: "time", ms: 10_000, buckets: 10 },
      consecutiveFailures: 100,
    });
    for (let i = 0; i < 3; i++) await run(breaker, down);
    await clock.advance(11_000);
    for (let i = 0; i < 5; i++) await run(breaker, ok);
    await run(breaker, down);
    // 1 failure in 6 recent calls: stays closed although 4 of 9 calls ever made failed.
    expect(breaker.state).toBe("closed");
  });

  test("a slow call that started before the circuit opened cannot close it", async () => {
    const { breaker } = setup();
    let release!: () => void;
    const slow = breaker.execute(
      () =>
        new Promise<string>((r) => {
          release = () => r("late");
        }),
    );
    for (let i = 0; i < 4; i++) await run(breaker, down);
    release();
    expect(await slow).toBe("late");
    expect(breaker.state).toBe("open");
  });
});
