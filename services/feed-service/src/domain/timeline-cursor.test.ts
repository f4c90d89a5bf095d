import { describe, expect, test } from "bun:test";
import { InvalidArgumentError } from "@nova/errors";
import { compareEntries, decodeCursor, encodeCursor, isAfter } from "./timeline-cursor.ts";

const entry = (postId: string, at: number, authorId = "a") => ({ postId, authorId, at });

describe("timeline cursor", () => {
  test("round-trips the position of an entry", () => {
    const e = entry("p1", 1_700_000_000_000);
    expect(decodeCursor(encodeCursor(e))).toEqual({ at: e.at, key: "a:p1" });
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  test("entries after the cursor are older, or as old with a smaller key (ties at one millisecond)", () => {
    const pos = decodeCursor(encodeCursor(entry("p5", 100)));
    expect(isAfter(entry("p9", 99), pos)).toBe(true);
    expect(isAfter(entry("p4", 100), pos)).toBe(true);
    expect(isAfter(entry("p5", 100), pos)).toBe(false);
    expect(isAfter(entry("p6", 100), pos)).toBe(false);
    expect(isAfter(entry("p1", 101), pos)).toBe(false);
  });

  test("orders newest first, then by key descending, as the sorted set does", () => {
    const sorted = [entry("p1", 1), entry("p2", 2), entry("p3", 2)].sort(compareEntries);
    expect(sorted.map((e) => e.postId)).toEqual(["p3", "p2", "p1"]);
  });

  test("a cursor it did not issue is a typed error naming the field", () => {
    for (const bad of ["nope", Buffer.from('{"at":"x"}').toString("base64url")]) {
      let caught: unknown;
      try {
        decodeCursor(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(InvalidArgumentError);
      expect(JSON.stringify(caught)).toContain("cursor");
    }
  });
});
