import { describe, expect, test } from "bun:test";
import { auc, meanOfFinite, ndcgAt } from "./evaluation-metrics.ts";

describe("auc", () => {
  test("1 when every positive outranks every negative, 0 when reversed, 0.5 when all tied", () => {
    expect(auc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(auc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
  });

  test("counts ordered pairs on a known example", () => {
    // positives 0.8 and 0.4; negatives 0.6, 0.3, 0.2 → pairs won: (0.8: 3) + (0.4: 2) = 5 of 6.
    expect(auc([0.8, 0.6, 0.4, 0.3, 0.2], [true, false, true, false, false])).toBeCloseTo(5 / 6, 12);
    // A tie between a positive and a negative counts half: 0.5 pair won + 1 = 1.5 of 2.
    expect(auc([0.7, 0.7, 0.1], [true, false, false])).toBeCloseTo(0.75, 12);
  });

  test("NaN with one class only; a length mismatch throws", () => {
    expect(auc([0.1, 0.2], [true, true])).toBeNaN();
    expect(() => auc([0.1], [true, false])).toThrow(RangeError);
  });
});

describe("ndcgAt", () => {
  test("1 for the ideal order, less when a relevant item is lower", () => {
    expect(ndcgAt(10, [1, 1, 0, 0])).toBe(1);
    // DCG = 1/log2(3) = 0.6309…, ideal = 1 → 0.6309…
    expect(ndcgAt(10, [0, 1, 0])).toBeCloseTo(1 / Math.log2(3), 12);
    // graded: [2, 0, 1] → (3 + 0 + 1/2) / (3 + 1/log2(3))
    expect(ndcgAt(10, [2, 0, 1])).toBeCloseTo(3.5 / (3 + 1 / Math.log2(3)), 12);
  });

  test("only the top k count", () => {
    expect(ndcgAt(2, [0, 0, 1])).toBe(0);
    expect(ndcgAt(3, [0, 0, 1])).toBeCloseTo(0.5, 12);
  });

  test("NaN when nothing is relevant", () => {
    expect(ndcgAt(10, [0, 0])).toBeNaN();
    expect(meanOfFinite([Number.NaN, 0.5, 1])).toBe(0.75);
    expect(meanOfFinite([Number.NaN])).toBeNaN();
  });
});
