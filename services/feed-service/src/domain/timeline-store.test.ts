import { afterEach, describe, expect, test } from "bun:test";
import { createEmbeddedCacheStore } from "@nova/cache";
import { createTimelineStore } from "./timeline-store.ts";

const cache = createEmbeddedCacheStore();
afterEach(() => cache.deleteByPrefix("feed:"));

describe("timeline store (embedded cache)", () => {
  test("keeps the newest entries up to the cap, newest first", async () => {
    const timelines = createTimelineStore(cache, 3);
    for (let i = 1; i <= 5; i++)
      await timelines.push(["v1", "v2"], { postId: `p${i}`, authorId: "a", at: i });
    expect((await timelines.read("v1", 10)).map((e) => e.postId)).toEqual(["p5", "p4", "p3"]);
    expect((await timelines.read("v2", 10, 4)).map((e) => e.postId)).toEqual(["p4", "p3"]);
  });

  test("pushing the same post twice keeps one entry (redelivered events)", async () => {
    const timelines = createTimelineStore(cache, 10);
    const e = { postId: "p1", authorId: "a", at: 1 };
    await timelines.push(["v"], e);
    await timelines.push(["v"], e);
    expect(await timelines.read("v", 10)).toEqual([e]);
  });

  test("drops one author's entries and removes single posts", async () => {
    const timelines = createTimelineStore(cache, 10);
    await timelines.pushMany("v", [
      { postId: "p1", authorId: "a", at: 1 },
      { postId: "p2", authorId: "b", at: 2 },
      { postId: "p3", authorId: "a", at: 3 },
      { postId: "p4", authorId: "ab", at: 4 },
    ]);
    expect(await timelines.dropAuthor("v", "a")).toBe(2);
    await timelines.remove(["v"], { postId: "p2", authorId: "b" });
    expect(await timelines.read("v", 10)).toEqual([{ postId: "p4", authorId: "ab", at: 4 }]);
  });

  test("the completeness mark survives trimming and is never read as an entry", async () => {
    const index = createTimelineStore(cache, 3, "author-posts");
    expect(await index.coverage("a")).toEqual({ complete: false, full: false, size: 0 });
    await index.markComplete("a");
    await index.push(["a"], { postId: "p1", authorId: "a", at: 1 });
    expect(await index.coverage("a")).toEqual({ complete: true, full: false, size: 1 });
    for (let i = 2; i <= 4; i++) await index.push(["a"], { postId: `p${i}`, authorId: "a", at: i });
    // At the cap (mark included) the oldest posts went, the mark stayed: complete, but full.
    expect(await index.coverage("a")).toEqual({ complete: true, full: true, size: 2 });
    expect((await index.read("a", 10)).map((e) => e.postId)).toEqual(["p4", "p3"]);
    expect((await index.read("a", 1)).map((e) => e.postId)).toEqual(["p4"]);
    expect(await index.dropAuthor("a", "a")).toBe(2);
    expect(await index.coverage("a")).toEqual({ complete: true, full: false, size: 0 });
  });
});
