import { describe, expect, test } from "bun:test";
import { degreeStats, followerCounts, generateSocialGraph } from "./social-graph.ts";

describe("generated social graph", () => {
  const small = { users: 5_000, edges: 40_000, celebrities: 2, celebrityFollowers: 3_000 };

  test("has the asked size, no self-follows and no duplicate edges", () => {
    const g = generateSocialGraph(small);
    expect(g.from.length).toBe(40_000);
    const keys = new Set<number>();
    for (let i = 0; i < g.from.length; i++) {
      expect(g.from[i]).not.toBe(g.to[i]);
      keys.add((g.from[i] as number) * 65_536 + (g.to[i] as number));
    }
    expect(keys.size).toBe(40_000);
  });

  test("celebrities get their exact follower counts (+2.5% per rank)", () => {
    const counts = followerCounts(generateSocialGraph(small));
    // Zipf edges never target celebrities, so their counts are the sampled ones exactly.
    expect(counts[0]).toBe(3_000);
    expect(counts[1]).toBe(3_075);
  });

  test("is reproducible from its seed and differs across seeds", () => {
    const a = generateSocialGraph({ ...small, seed: 7 });
    const b = generateSocialGraph({ ...small, seed: 7 });
    const c = generateSocialGraph({ ...small, seed: 8 });
    expect(Buffer.from(a.to.buffer).equals(Buffer.from(b.to.buffer))).toBe(true);
    expect(Buffer.from(a.to.buffer).equals(Buffer.from(c.to.buffer))).toBe(false);
  });

  test("the default graph meets the bench's shape: ≥10k users, ≥500k heavy-tailed edges, ≥50k-follower authors", () => {
    const g = generateSocialGraph();
    const s = degreeStats(g);
    expect(g.users).toBeGreaterThanOrEqual(10_000);
    expect(s.edges).toBeGreaterThanOrEqual(500_000);
    expect(s.over50k).toBeGreaterThanOrEqual(3);
    // Heavy tail: the median account has a handful of followers, the top 1% hold most edges.
    expect(s.followersP50).toBeLessThanOrEqual(5);
    expect(s.top1PercentShare).toBeGreaterThan(0.5);
    expect(s.maxFollowing).toBeGreaterThan(100);
  });
});
