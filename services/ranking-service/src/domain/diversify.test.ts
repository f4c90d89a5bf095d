import { describe, expect, test } from "bun:test";
import { diversify } from "./diversify.ts";

const item = (authorId: string, score: number, id = `${authorId}${score}`) => ({ id, authorId, score });

describe("diversify", () => {
  test("λ = 1 and a loose cap keep score order", () => {
    const items = [item("a", 0.1), item("b", 0.9), item("a", 0.5)];
    expect(diversify(items, { lambda: 1, maxConsecutivePerAuthor: 10 }).map((i) => i.score)).toEqual([
      0.9, 0.5, 0.1,
    ]);
  });

  test("the cap breaks an author's run with the best other post", () => {
    const items = [item("a", 0.9), item("a", 0.8), item("a", 0.7), item("b", 0.1), item("c", 0.2)];
    const out = diversify(items, { lambda: 1, maxConsecutivePerAuthor: 2 });
    expect(out.map((i) => i.authorId)).toEqual(["a", "a", "c", "a", "b"]);
  });

  test("the cap relaxes when only one author is left", () => {
    const items = [item("a", 0.9), item("a", 0.8), item("a", 0.7)];
    expect(diversify(items, { lambda: 1, maxConsecutivePerAuthor: 1 })).toHaveLength(3);
  });

  test("lower λ moves a repeated author below a slightly weaker new one", () => {
    const items = [item("a", 0.9), item("a", 0.85), item("b", 0.8)];
    expect(diversify(items, { lambda: 0.5, maxConsecutivePerAuthor: 5 }).map((i) => i.authorId)).toEqual([
      "a",
      "b",
      "a",
    ]);
    expect(diversify(items, { lambda: 1, maxConsecutivePerAuthor: 5 }).map((i) => i.authorId)).toEqual([
      "a",
      "a",
      "b",
    ]);
  });
});
