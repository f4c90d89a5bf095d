import { describe, expect, test } from "bun:test";
import { type CandidateSources, mergeForYouCandidates } from "./merge-for-you-candidates.ts";
import type { TimelineEntry } from "./timeline-store.ts";

const e = (postId: string, authorId: string, at = 0): TimelineEntry => ({ postId, authorId, at });
const none = { viewerId: "me", cap: 100, isHidden: () => false };
const many = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => e(`${prefix}${i}`, `${prefix}-author`));
/** How many candidates each source got, in priority order. */
const perSource = (list: { source: string }[]) =>
  ["following", "friends_of_friends", "trending"].map(
    (source) => list.filter((c) => c.source === source).length,
  );

describe("for-you candidate merge", () => {
  test("labels each post with its source; a post found twice keeps following > friends_of_friends > trending", () => {
    const sources: CandidateSources = {
      following: [e("p1", "a"), e("p2", "b")],
      friends_of_friends: [e("p2", "b"), e("p3", "c")],
      trending: [e("p3", "c"), e("p1", "a"), e("p4", "d")],
    };
    expect(mergeForYouCandidates(sources, none).map((c) => [c.postId, c.source])).toEqual([
      ["p1", "following"],
      ["p2", "following"],
      ["p3", "friends_of_friends"],
      ["p4", "trending"],
    ]);
  });

  test("duplicates inside one source count once", () => {
    const sources = { following: [], friends_of_friends: [e("p1", "a", 2), e("p1", "a", 1)], trending: [] };
    expect(mergeForYouCandidates(sources, none)).toEqual([
      { postId: "p1", authorId: "a", at: 2, source: "friends_of_friends" },
    ]);
  });

  test("hidden authors are left out of every source; own posts only out of the discovery sources", () => {
    const sources: CandidateSources = {
      following: [e("mine", "me"), e("x1", "blocked")],
      friends_of_friends: [e("mine2", "me"), e("x2", "muted"), e("ok", "c")],
      trending: [e("mine3", "me"), e("x3", "blocked"), e("hot", "d")],
    };
    const hidden = new Set(["blocked", "muted"]);
    const merged = mergeForYouCandidates(sources, { ...none, isHidden: (id) => hidden.has(id) });
    expect(merged.map((c) => c.postId)).toEqual(["mine", "ok", "hot"]);
  });

  test("caps the total; each source keeps its share against a long home timeline", () => {
    const sources = {
      following: many("f", 900),
      friends_of_friends: many("o", 400),
      trending: many("t", 300),
    };
    const merged = mergeForYouCandidates(sources, { ...none, cap: 500 });
    expect(merged).toHaveLength(500);
    expect(perSource(merged)).toEqual([250, 150, 100]);
  });

  test("room a source leaves unused goes to the others, in priority order", () => {
    const sources = {
      following: many("f", 900),
      friends_of_friends: many("o", 20),
      trending: many("t", 300),
    };
    const merged = mergeForYouCandidates(sources, { ...none, cap: 500 });
    expect(merged).toHaveLength(500);
    expect(perSource(merged)).toEqual([380, 20, 100]);
    const few = mergeForYouCandidates(
      { following: many("f", 3), friends_of_friends: many("o", 2), trending: many("t", 1) },
      { ...none, cap: 500 },
    );
    expect(few).toHaveLength(6);
  });
});
