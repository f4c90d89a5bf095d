import { describe, expect, test } from "bun:test";
import { UnavailableError } from "@nova/errors";
import { BulkheadRejectedError, createBulkhead } from "../src/index.ts";
import { createFakeClock } from "../src/testing/index.ts";

function deferred() {
  let resolve!: (v: string) => void;
  const promise = new Promise<string>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("bulkhead", () => {
  test("runs up to maxConcurrent at once, queues the next ones FIFO and rejects beyond the queue", async () => {
    const clock = createFakeClock();
    const b = createBulkhead({ name: "db", maxConcurrent: 2, maxQueue: 1, queueTimeoutMs: 1_000, clock });
    const d = [deferred(), deferred(), deferred()];
    const order: number[] = [];
    const calls = d.map((x, i) =>
      b.execute(() => {
        order.push(i);
        return x.promise;
      }),
    );
    const rejected = await b.execute(async () => "never").catch((e) => e);
    expect(rejected).toBeInstanceOf(BulkheadRejectedError);
    expect(rejected).toBeInstanceOf(UnavailableError);
    expect(rejected.reason).toBe("queue_full");
    expect(b.inFlight).toBe(2);
    expect(b.queued).toBe(1);
    expect(order).toEqual([0, 1]);
    d[0]?.resolve("a");
    await calls[0];
    await clock.advance(0);
    expect(order).toEqual([0, 1, 2]);
    d[1]?.resolve("b");
    d[2]?.resolve("c");
    expect(await Promise.all(calls)).toEqual(["a", "b", "c"]);
    expect(b.inFlight).toBe(0);
  });

  test("a queued call that waits longer than queueTimeoutMs is rejected and leaves the queue", async () => {
    const clock = createFakeClock();
    const b = createBulkhead({ name: "smtp", maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 200, clock });
    const hold = deferred();
    const first = b.execute(() => hold.promise);
    const waiting = b.execute(async () => "late").catch((e) => e);
    await clock.advance(200);
    const err = await waiting;
    expect(err).toBeInstanceOf(BulkheadRejectedError);
    expect(err.reason).toBe("queue_timeout");
    expect(b.queued).toBe(0);
    hold.resolve("done");
    expect(await first).toBe("done");
    expect(b.inFlight).toBe(0);
  });

  test("a slot is released when the call throws", async () => {
    const b = createBulkhead({ name: "x", maxConcurrent: 1 });
    await expect(b.execute(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await b.execute(async () => "next")).toBe("next");
  });

  test("rejects a bulkhead without slots", () => {
    expect(() => createBulkhead({ name: "x", maxConcurrent: 0 })).toThrow(RangeError);
  });
});
