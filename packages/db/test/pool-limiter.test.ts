import { expect, test } from "bun:test";
import { Registry } from "prom-client";
import { DatabaseBusyError } from "../src/index.ts";
import { createPoolLimiter } from "../src/pool-limiter.ts";

const base = { target: "db.test:5432/x", size: 2, maxWaiting: 1, maxWaitMs: 1_000 };

test("bad pool settings are a clear error", () => {
  expect(() => createPoolLimiter({ ...base, size: 0 })).toThrow(
    /pool size must be a positive integer, got 0/,
  );
  expect(() => createPoolLimiter({ ...base, maxWaiting: -1 })).toThrow(/maxWaiting must be a non-negative/);
  expect(() => createPoolLimiter({ ...base, maxWaitMs: 0 })).toThrow(/maxWaitMs must be positive/);
});

test("a second pool on the same registry is refused", () => {
  const registry = new Registry();
  createPoolLimiter({ ...base, registry });
  expect(() => createPoolLimiter({ ...base, registry })).toThrow(/already registered on this registry/);
});

test("waiters are served first in, first out, and a failing call frees its permit", async () => {
  const limiter = createPoolLimiter({ ...base, size: 1, maxWaiting: 3 });
  const order: string[] = [];
  let release = () => {};
  const first = limiter.run(
    () =>
      new Promise<void>((resolve) => {
        release = resolve;
      }),
  );
  const failing = limiter.run(async () => {
    order.push("failing");
    throw new Error("query failed");
  });
  const second = limiter.run(async () => order.push("second"));
  const third = limiter.run(async () => order.push("third"));
  expect(limiter.status()).toEqual({ size: 1, inUse: 1, waiting: 3 });
  await expect(limiter.run(async () => 0)).rejects.toBeInstanceOf(DatabaseBusyError);
  release();
  await first;
  await expect(failing).rejects.toThrow("query failed");
  await Promise.all([second, third]);
  expect(order).toEqual(["failing", "second", "third"]);
  expect(limiter.status()).toEqual({ size: 1, inUse: 0, waiting: 0 });
});
