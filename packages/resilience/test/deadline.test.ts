import { describe, expect, test } from "bun:test";
import { DeadlineExceededError } from "@nova/errors";
import { currentDeadline, remainingMs, runWithDeadline, withDeadline } from "../src/index.ts";
import { createFakeClock } from "../src/testing/index.ts";

describe("withDeadline", () => {
  test("resolves with the result when fn finishes in time", async () => {
    const clock = createFakeClock();
    const p = withDeadline(async () => "ok", 100, undefined, { clock });
    expect(await p).toBe("ok");
    expect(clock.pendingTimers).toBe(0);
  });

  test("rejects with DeadlineExceededError and aborts the signal when time runs out", async () => {
    const clock = createFakeClock();
    let seen: AbortSignal | undefined;
    const p = withDeadline(
      (signal) => {
        seen = signal;
        return new Promise(() => {}); // ignores the signal on purpose
      },
      100,
      undefined,
      { clock },
    );
    const outcome = p.catch((e) => e);
    await clock.advance(99);
    expect(seen?.aborted).toBe(false);
    await clock.advance(1);
    expect(await outcome).toBeInstanceOf(DeadlineExceededError);
    expect(seen?.aborted).toBe(true);
  });

  test("a parent signal's abort propagates with its reason", async () => {
    const clock = createFakeClock();
    const parent = new AbortController();
    let seen: AbortSignal | undefined;
    const p = withDeadline(
      (signal) => {
        seen = signal;
        return new Promise(() => {});
      },
      1000,
      parent.signal,
      { clock },
    ).catch((e) => e);
    parent.abort(new Error("client went away"));
    expect(((await p) as Error).message).toBe("client went away");
    expect(seen?.aborted).toBe(true);
  });

  test("nested calls get the caller's remaining deadline, never a longer one", async () => {
    const clock = createFakeClock();
    const inner: (number | undefined)[] = [];
    const p = withDeadline(
      async () => {
        await clock.advance(300);
        inner.push(remainingMs({ clock }));
        // Asks for 5 s but the caller only has 700 ms left.
        return withDeadline(
          async () => {
            inner.push(remainingMs({ clock }));
            return currentDeadline();
          },
          5_000,
          undefined,
          { clock },
        );
      },
      1_000,
      undefined,
      { clock },
    );
    const deadline = await p;
    expect(inner).toEqual([700, 700]);
    expect(deadline).toBe(1_000_000 + 1_000);
  });

  test("rejects at once when the caller's deadline has already passed", async () => {
    const clock = createFakeClock();
    const err = await runWithDeadline(clock.now() - 1, () =>
      withDeadline(async () => "never", 1000, undefined, { clock }).catch((e) => e),
    );
    expect(err).toBeInstanceOf(DeadlineExceededError);
  });

  test("rejects a negative or non-finite timeout with a RangeError", () => {
    expect(() => withDeadline(async () => 1, -5)).toThrow(RangeError);
    expect(() => withDeadline(async () => 1, Number.NaN)).toThrow(RangeError);
  });
});

describe("remainingMs", () => {
  test("falls back when no deadline is in force and caps when asked", () => {
    const clock = createFakeClock();
    expect(remainingMs({ clock })).toBeUndefined();
    expect(remainingMs({ clock, fallbackMs: 10_000 })).toBe(10_000);
    expect(remainingMs({ clock, capMs: 2_000 })).toBe(2_000);
    runWithDeadline(clock.now() + 500, () => {
      expect(remainingMs({ clock, capMs: 2_000 })).toBe(500);
      expect(remainingMs({ clock, fallbackMs: 10_000 })).toBe(500);
    });
  });
});
