import { describe, expect, test } from "bun:test";
import { PermissionDeniedError, UnauthenticatedError } from "@nova/errors";
import type { AuthContext } from "../src/auth-context.ts";
import { requireAccountOwner } from "../src/index.ts";

const auth = (accountId: string): AuthContext => ({
  accountId,
  sessionId: "s",
  tokenId: "t",
  issuedAt: new Date(0),
  expiresAt: new Date(0),
  roles: [],
});

describe("requireAccountOwner", () => {
  test("the account's own token passes", () => {
    expect(requireAccountOwner(auth("a1"), "a1")).toBe("a1");
  });
  test("another account's token is permission denied", () => {
    expect(() => requireAccountOwner(auth("a2"), "a1")).toThrow(PermissionDeniedError);
  });
  test("no token is unauthenticated", () => {
    expect(() => requireAccountOwner(undefined, "a1")).toThrow(UnauthenticatedError);
  });
});
