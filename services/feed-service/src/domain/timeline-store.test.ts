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
});
