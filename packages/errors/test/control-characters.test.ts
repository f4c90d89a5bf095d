import { describe, expect, test } from "bun:test";
import {
  controlCharacterViolations,
  hasControlCharacters,
  InvalidArgumentError,
  problemResponse,
  rejectControlCharacters,
  stripControlCharacters,
} from "../src/index.ts";

describe("control-character rule", () => {
  test("refuses NUL, other C0 controls, DEL, C1 controls and lone surrogates", () => {
    for (const bad of [
      "a\u0000b",
      "\u0001",
      "x\u001b[31m",
      "\u007f",
      "\u0085",
      "\u009f",
      "\ud800",
      "a\udc00",
    ]) {
      expect(hasControlCharacters(bad)).toBe(true);
    }
  });

  test("allows tab, newlines, ordinary Unicode, emoji and bidi marks", () => {
    for (const good of [
      "",
      "line\none\r\n\tend",
      "héllo wörld",
      "👩‍👩‍👧 family",
      "\u200f\u05e9\u05dc\u05d5\u05dd",
      "\u00a0nbsp",
    ]) {
      expect(hasControlCharacters(good)).toBe(false);
    }
  });

  test("names each offending field by its dotted path, keys included", () => {
    const violations = controlCharacterViolations({
      identifier: "alice\u0000",
      device: { name: "ok", tags: ["fine", "bad\u0007"] },
      items: [{ postId: "p1" }, { postId: "p2\u0000" }],
      "k\u0000": "value",
      count: 3,
    });
    expect(violations.map((v) => v.field)).toEqual([
      "identifier",
      "device.tags.1",
      "items.1.postId",
      "(key)",
    ]);
  });

  test("a root path prefixes every field; a bare string uses it", () => {
    expect(controlCharacterViolations({ q: "\u0000" }, "query").map((v) => v.field)).toEqual(["query.q"]);
    expect(controlCharacterViolations("\u0000", "tag").map((v) => v.field)).toEqual(["tag"]);
    expect(controlCharacterViolations("\u0000").map((v) => v.field)).toEqual(["(value)"]);
  });

  test("bounds the report and survives absurd nesting", () => {
    const many = Array.from({ length: 500 }, () => "\u0000");
    expect(controlCharacterViolations(many)).toHaveLength(20);
    let deep: unknown = "\u0000";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => controlCharacterViolations(deep)).not.toThrow();
  });

  test("rejectControlCharacters throws a 400 problem naming the field", async () => {
    let thrown: unknown;
    try {
      rejectControlCharacters({ deviceName: "phone\u0000" });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    const res = problemResponse(thrown);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("invalid_argument");
    expect(body.violations).toEqual([
      { field: "deviceName", message: expect.stringContaining("control characters") },
    ]);
    expect(() => rejectControlCharacters({ deviceName: "phone" })).not.toThrow();
  });

  test("stripControlCharacters keeps the printable text", () => {
    expect(stripControlCharacters("Mozilla\u0000/5.0\u0007 (X11)\ud800")).toBe("Mozilla/5.0 (X11)\ufffd");
    expect(stripControlCharacters("tab\tok")).toBe("tab\tok");
  });
});
