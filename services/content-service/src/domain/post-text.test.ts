import { describe, expect, test } from "bun:test";
import {
  contentText,
  extractHashtags,
  extractMentions,
  graphemeLength,
  normalizeHashtag,
} from "./post-text.ts";

describe("post text", () => {
  test("counts grapheme clusters, not code units", () => {
    expect(graphemeLength("👩‍👩‍👧")).toBe(1);
    expect(graphemeLength("e\u0301")).toBe(1);
    expect(graphemeLength("🇫🇷ab")).toBe(3);
  });

  test("limits by graphemes: 500 family emoji pass, 501 do not", () => {
    const schema = contentText({ max: 500, what: "text" });
    expect(schema.safeParse("👩‍👩‍👧".repeat(500)).success).toBe(true);
    expect(schema.safeParse("👩‍👩‍👧".repeat(501)).success).toBe(false);
  });

  test("rejects control and bidi-override characters, normalises to NFC", () => {
    const schema = contentText({ max: 500, what: "text" });
    expect(schema.safeParse("a\u0007b").success).toBe(false);
    expect(schema.safeParse("a\u202Eb").success).toBe(false);
    expect(schema.parse(" e\u0301\r\nx ")).toBe("é\nx");
  });

  test("extracts hashtags: unique, lower-cased, unicode, not inside words or entities", () => {
    expect(extractHashtags("#Nova #nova a#b &#39; #日本語 #123 #café_2 ##x")).toEqual([
      "nova",
      "日本語",
      "café_2",
    ]);
    expect(normalizeHashtag("#Café")).toBe("café");
    expect(normalizeHashtag("!!")).toBeUndefined();
  });

  test("extracts mentions but not e-mail addresses", () => {
    expect(extractMentions("hi @Alice and @bob. mail me at x@y.com, @alice again")).toEqual(["alice", "bob"]);
  });
});
