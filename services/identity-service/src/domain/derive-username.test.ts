import { describe, expect, test } from "bun:test";
import { checkUsername } from "@nova/usernames";
import { usernameStem } from "./derive-username.ts";

describe("usernameStem", () => {
  test("folds names and email local parts into a valid username", () => {
    expect(usernameStem("Zoë O'Brien-Smith")).toBe("zoe_o_brien_smith");
    expect(usernameStem("first.last+tag")).toBe("first_last_tag");
    for (const source of ["Zoë O'Brien", "42", "李小龙", "a", "x".repeat(80), "__--__"])
      expect({ source, ok: checkUsername(usernameStem(source)).ok }).toEqual({ source, ok: true });
  });
});
