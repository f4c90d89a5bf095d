import { describe, expect, test } from "bun:test";
import { InvalidArgumentError } from "@nova/errors";
import { canonicalUsername, checkUsername, validateUsername } from "../src/index.ts";

describe("checkUsername", () => {
  test("accepts the guide's example and returns the canonical (lower-case) form", () => {
    expect(checkUsername("testuser")).toEqual({ ok: true, username: "testuser" });
    expect(checkUsername("  Test_User42 ")).toEqual({ ok: true, username: "test_user42" });
    expect(canonicalUsername("ALICE")).toBe("alice");
  });

  test.each([
    ["ab", "at least 3"],
    ["a".repeat(31), "at most 30"],
    ["bad-name", "letters, digits and underscores"],
    ["has space", "letters, digits and underscores"],
    ["12345", "at least one letter"],
    ["admin", "reserved"],
    ["Admin", "reserved"],
    ["tеstuser", "look-alike"], // Cyrillic е
    ["ｔｅｓｔｕｓｅｒ", "look-alike"], // fullwidth
    ["test\u200buser", "invisible"], // zero-width space
    ["test\nuser", "control"],
  ])("refuses %j (%s)", (raw, reason) => {
    const r = checkUsername(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  test("validateUsername throws InvalidArgumentError naming the field", () => {
    try {
      validateUsername("x", "newUsername");
      throw new Error("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).details.violations?.[0]?.field).toBe("newUsername");
    }
  });
});
