import { describe, expect, test } from "bun:test";
import { explore } from "./explore.ts";
import { seededRandom } from "./seeded-random.ts";

const list = (n: number, newAt: number[]) =>
  Array.from({ length: n }, (_, i) => ({
    id: i,
    authorId: `a${i}`,
    isNew: newAt.includes(i),
    explored: false,
  }));

describe("explore", () => {
  test("ε = 0 changes nothing; ε = 1 fills the slots with new posts from below", () => {
    const items = list(25, [7, 20, 22]);
    expect(explore(items, { rate: 0, random: seededRandom(1) })).toEqual(items);
    const out = explore(items, { rate: 1, random: seededRandom(1) });
    expect(out).toHaveLength(25);
    expect(out[4]?.isNew && out[4]?.explored).toBe(true);
    expect(out[14]?.isNew && out[14]?.explored).toBe(true);
    expect(new Set(out.map((i) => i.id)).size).toBe(25);
  });

  test("a new post is not placed next to a post by its own author", () => {
    const items = list(10, [8]).map((i) => (i.id === 8 ? { ...i, authorId: "a3" } : i));
    expect(explore(items, { rate: 1, random: seededRandom(1) })).toEqual(items);
  });

  test("the same seed picks the same posts; new posts above a slot stay put", () => {
    const items = list(40, [2, 11, 17, 23, 31, 38]);
    const a = explore(items, { rate: 0.7, random: seededRandom(99) });
    const b = explore(items, { rate: 0.7, random: seededRandom(99) });
    expect(a).toEqual(b);
    expect(a[2]).toEqual(items[2] as (typeof items)[number]);
  });
});
