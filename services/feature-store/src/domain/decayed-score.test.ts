import { describe, expect, test } from "bun:test";
import { bumpScore, decayedValue } from "./decayed-score.ts";

describe("decayed scores", () => {
  test("halve every half-life and add on top of the decayed value", () => {
    const s = bumpScore(undefined, 0, 4, 10);
    expect(decayedValue(s, 10, 10)).toBeCloseTo(2, 12);
    const bumped = bumpScore(s, 20, 1, 10);
    expect(bumped).toEqual({ s: 2, t: 20 });
  });

  test("never negative, and a time before the score reads the stored value", () => {
    expect(bumpScore({ s: 1, t: 0 }, 0, -3, 10).s).toBe(0);
    expect(decayedValue({ s: 5, t: 100 }, 50, 10)).toBe(5);
  });
});
