import { describe, expect, test } from "bun:test";
import { addToBucket, HOUR_MS, MINUTE_MS, windowSum } from "./time-buckets.ts";

const BUCKET = 5 * MINUTE_MS;

describe("time buckets", () => {
  test("window sums count buckets overlapping (now - window, now] and nothing after now", () => {
    let b = addToBucket({}, 0, 1, BUCKET, HOUR_MS * 2);
    b = addToBucket(b, 30 * MINUTE_MS, 2, BUCKET, HOUR_MS * 2);
    b = addToBucket(b, 31 * MINUTE_MS, 1, BUCKET, HOUR_MS * 2);
    expect(windowSum(b, 31 * MINUTE_MS, HOUR_MS, BUCKET)).toBe(4);
    expect(windowSum(b, 64 * MINUTE_MS, HOUR_MS, BUCKET)).toBe(4); // bucket [0, 5 min) overlaps (4, 64]: whole
    expect(windowSum(b, 65 * MINUTE_MS, HOUR_MS, BUCKET)).toBe(3);
    expect(windowSum(b, 29 * MINUTE_MS, HOUR_MS, BUCKET)).toBe(1);
  });

  test("old buckets are dropped on write, and a negative sum reads as 0", () => {
    let b = addToBucket({}, 0, 1, BUCKET, HOUR_MS);
    b = addToBucket(b, 2 * HOUR_MS, -1, BUCKET, HOUR_MS);
    expect(Object.keys(b)).toEqual([String(2 * HOUR_MS)]);
    expect(windowSum(b, 2 * HOUR_MS, HOUR_MS, BUCKET)).toBe(0);
  });
});
