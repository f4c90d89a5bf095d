import { describe, expect, test } from "bun:test";
import { InvalidArgumentError, NotFoundError, UnavailableError } from "@nova/errors";
import {
  backoffDelay,
  CircuitOpenError,
  createRetryBudget,
  isRetryableError,
  retry,
  runWithDeadline,
} from "../src/index.ts";
import { createFakeClock } from "../src/testing/index.ts";

function failing(times: number, error: () => unknown = () => new UnavailableError("down")) {
  let calls = 0;
  const fn = async () => {
    calls++;
    if (calls <= times) throw error();
    return "ok";
  };
  return { fn, calls: () => calls };
}

describe("backoffDelay", () => {
  test("is full jitter under an exponentially growing cap", () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(1, opts, () => 0.999)).toBe(99);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(200);
    expect(backoffDelay(10, opts, () => 0.999)).toBe(999);
    expect(backoffDelay(2, opts, () => 0)).toBe(0);
  });
});

describe("retry", () => {
  test("repeats an idempotent call on unavailable until it succeeds, sleeping between attempts", async () => {
    const clock = createFakeClock();
    const { fn, calls } = failing(2);
    const delays: number[] = [];
    const p = retry(fn, {
      idempotent: true,
      maxAttempts: 3,
      baseDelayMs: 100,
      random: () => 0.5,
      clock,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    await clock.advance(1_000);
    expect(await p).toBe("ok");
    expect(calls()).toBe(3);
    expect(delays).toEqual([50, 100]);
  });

  test("never repeats a call that is not idempotent", async () => {
    const { fn, calls } = failing(1);
    await expect(retry(fn, { idempotent: false, maxAttempts: 5 })).rejects.toBeInstanceOf(UnavailableError);
    expect(calls()).toBe(1);
  });

  test("never repeats domain answers such as not_found or invalid_argument", async () => {
    for (const make of [() => new NotFoundError("post", "p1"), () => new InvalidArgumentError("bad")]) {
      const { fn, calls } = failing(1, make);
      await expect(retry(fn, { idempotent: true, maxAttempts: 5 })).rejects.toThrow();
      expect(calls()).toBe(1);
    }
  });

  test("gives up after maxAttempts with the last error", async () => {
    const clock = createFakeClock();
    const { fn, calls } = failing(10);
    const p = retry(fn, { idempotent: true, maxAttempts: 3, clock, random: () => 0 }).catch((e) => e);
    await clock.advance(10);
    expect(await p).toBeInstanceOf(UnavailableError);
    expect(calls()).toBe(3);
  });

  test("stops when the next backoff would pass the caller's deadline", async () => {
    const clock = createFakeClock();
    const { fn, calls } = failing(10);
    const reasons: string[] = [];
    const p = runWithDeadline(clock.now() + 40, () =>
      retry(fn, {
        idempotent: true,
        maxAttempts: 5,
        baseDelayMs: 100,
        random: () => 0.9,
        clock,
        onGiveUp: (r) => reasons.push(r),
      }),
    ).catch((e) => e);
    await clock.advance(100);
    expect(await p).toBeInstanceOf(UnavailableError);
    expect(calls()).toBe(1);
    expect(reasons).toEqual(["deadline"]);
  });

  test("stops when the retry budget is spent", async () => {
    const clock = createFakeClock();
    const budget = createRetryBudget({ ratio: 0, minPerSecond: 0.1, windowMs: 10_000, clock }); // 1 retry per window
    const reasons: string[] = [];
    const a = failing(10);
    const p = retry(a.fn, {
      idempotent: true,
      maxAttempts: 5,
      budget,
      clock,
      random: () => 0,
      onGiveUp: (r) => reasons.push(r),
    }).catch((e) => e);
    await clock.advance(10);
    expect(await p).toBeInstanceOf(UnavailableError);
    expect(a.calls()).toBe(2);
    expect(reasons).toEqual(["retry_budget"]);
  });

  test("classifies errors: connection resets retryable, breaker rejections not", () => {
    expect(isRetryableError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isRetryableError(new UnavailableError("down"))).toBe(true);
    expect(isRetryableError(new CircuitOpenError("user-service", 1000))).toBe(false);
    expect(isRetryableError(new Error("TypeError-ish bug"))).toBe(false);
  });
});

describe("createRetryBudget", () => {
  test("allows retries up to ratio × recent calls plus the floor, and refills as the window slides", () => {
    const clock = createFakeClock(0);
    const budget = createRetryBudget({ ratio: 0.1, minPerSecond: 0.2, windowMs: 10_000, clock }); // floor 2
    for (let i = 0; i < 30; i++) budget.recordCall();
    expect(budget.available()).toBe(5);
    let granted = 0;
    while (budget.tryRetry()) granted++;
    expect(granted).toBe(5);
    expect(budget.tryRetry()).toBe(false);
    clock.set(11_000); // calls and retries have left the window: only the floor remains
    expect(budget.available()).toBe(2);
  });
});
