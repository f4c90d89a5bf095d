import { expect, test } from "bun:test";
import type { DeliveredEvent } from "../src/index.ts";
import { perAggregateConcurrently } from "../src/index.ts";

const event = (id: string, aggregateId: string) => ({ id, aggregateId }) as DeliveredEvent;

test("events of one aggregate run in order, aggregates side by side, never more than the limit at once", async () => {
  const started: string[] = [];
  const finished: string[] = [];
  let running = 0;
  let most = 0;
  const handle = perAggregateConcurrently(async (e) => {
    started.push(e.id);
    most = Math.max(most, ++running);
    await Bun.sleep(5 + (e.id.charCodeAt(1) % 3));
    running--;
    finished.push(e.id);
  }, 3);
  const keys = ["a", "b", "c", "d", "e"];
  const events = [0, 1, 2, 3].flatMap((seq) => keys.map((k) => event(`${k}${seq}`, k)));
  await handle(events);
  expect(finished.sort()).toEqual(events.map((e) => e.id).sort());
  for (const k of keys)
    expect(finished.filter((id) => id.startsWith(k))).toEqual([0, 1, 2, 3].map((s) => `${k}${s}`));
  expect(most).toBe(3);
  // Side by side: the second aggregate started before the first one's chain ended.
  expect(started.indexOf("b0")).toBeLessThan(started.indexOf("a1"));
});

test("a failure stops the chains from taking more work and is thrown once the started ones settle", async () => {
  const done: string[] = [];
  const handle = perAggregateConcurrently(async (e) => {
    await Bun.sleep(e.aggregateId === "bad" ? 1 : 10);
    if (e.id === "bad0") throw new Error("poison");
    done.push(e.id);
  }, 2);
  const events = [event("ok0", "ok"), event("bad0", "bad"), event("bad1", "bad"), event("late0", "late")];
  await expect(handle(events)).rejects.toThrow("poison");
  expect(done).toEqual(["ok0"]); // bad1 never ran (after the failure in its chain); late never started
  expect(() => perAggregateConcurrently(async () => {}, 0)).toThrow(RangeError);
});
