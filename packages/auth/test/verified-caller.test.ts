import { describe, expect, test } from "bun:test";
import { createContextValues } from "@connectrpc/connect";
import { authContextKey, serviceCallerKey, verifiedCaller } from "../src/index.ts";

const user = { accountId: "a1", sessionId: "s", tokenId: "t", issuedAt: new Date(0), expiresAt: new Date(0) };

describe("verifiedCaller", () => {
  test("nobody vouched: neither", () => {
    expect(verifiedCaller({ values: createContextValues() })).toEqual({});
  });
  test("a service, an end user, or both, from the context values the gates set", () => {
    const values = createContextValues();
    values.set(serviceCallerKey, "feed-service");
    expect(verifiedCaller({ values })).toEqual({ service: "feed-service" });
    values.set(authContextKey, user);
    expect(verifiedCaller({ values })).toEqual({ service: "feed-service", accountId: "a1" });
    const onlyUser = createContextValues();
    onlyUser.set(authContextKey, user);
    expect(verifiedCaller({ values: onlyUser })).toEqual({ accountId: "a1" });
  });
});
