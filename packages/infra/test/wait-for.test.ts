import { describe, expect, test } from "bun:test";
import { EngineNotReadyError, waitFor } from "../src/index.ts";

describe("waitFor", () => {
  test("retries until the probe succeeds", async () => {
    let calls = 0;
    await waitFor(
      "x",
      async () => {
        calls++;
        if (calls < 3) throw new Error("not yet");
      },
      { timeoutMs: 5000, intervalMs: 1 },
    );
    expect(calls).toBe(3);
  });

  test("gives up with the last probe error", async () => {
    const err = await waitFor("kafka", () => Promise.reject(new Error("refused")), {
      timeoutMs: 20,
      intervalMs: 5,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineNotReadyError);
    expect((err as Error).message).toMatch(/^kafka: not ready after 20 ms \(last error: refused\)/);
  });

  test("stops early when abortIf reports a reason", async () => {
    const err = await waitFor("es", () => Promise.reject(new Error("no")), {
      timeoutMs: 60_000,
      intervalMs: 1,
      abortIf: () => "process exited",
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("es: process exited");
  });

  test("bounds a probe attempt that never settles", async () => {
    const err = await waitFor("hang", () => new Promise(() => undefined), {
      timeoutMs: 0,
      attemptTimeoutMs: 20,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/probe attempt timed out after 20 ms/);
  });
});
