import { beforeAll, describe, expect, test } from "bun:test";
import { httpStatusOf, PermissionDeniedError, UnauthenticatedError } from "@nova/errors";
import { SignJWT } from "jose";
import { type AuthContext, createTokenVerifier, requireRole, signAccessToken } from "../src/index.ts";
import { createTestTokenIssuer, type TestTokenIssuer } from "../src/testing/index.ts";

let issuer: TestTokenIssuer;
beforeAll(async () => {
  issuer = await createTestTokenIssuer({ kid: "roles" });
});

const caller = (roles: AuthContext["roles"]): AuthContext => ({
  accountId: "a",
  sessionId: "s",
  tokenId: "t",
  issuedAt: new Date(0),
  expiresAt: new Date(0),
  roles,
});

describe("the roles claim", () => {
  test("sign → verify carries the staff roles", async () => {
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
    const token = await issuer.sign({ accountId: "acc-1", roles: ["moderator", "admin"] });
    expect((await verifier.verify(token)).roles).toEqual(["admin", "moderator"]);
  });

  test("a normal token has no roles claim and verifies to []", async () => {
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
    const token = await issuer.sign({ accountId: "acc-2" });
    const [, payload] = token.split(".");
    expect(JSON.parse(Buffer.from(payload ?? "", "base64url").toString())).not.toHaveProperty("roles");
    expect((await verifier.verify(token)).roles).toEqual([]);
  });

  test("unknown role strings and a malformed claim grant nothing", async () => {
    const { generateKeyPair, exportJWK } = await import("jose");
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: "raw", alg: "RS256" };
    const verifier = createTokenVerifier({ publicKeys: [jwk] });
    const sign = (roles: unknown) =>
      new SignJWT({ sid: "s", roles })
        .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: "raw" })
        .setSubject("acc-3")
        .setJti(crypto.randomUUID())
        .setIssuedAt()
        .setExpirationTime("5m")
        .setIssuer("nova-identity")
        .setAudience("nova-api")
        .sign(privateKey);
    expect((await verifier.verify(await sign(["superuser", "analyst", 7]))).roles).toEqual(["analyst"]);
    expect((await verifier.verify(await sign("admin"))).roles).toEqual([]);
  });

  test("signAccessToken writes exactly the given roles", async () => {
    const { generateKeyPair, decodeJwt } = await import("jose");
    const { privateKey } = await generateKeyPair("RS256");
    const now = new Date();
    const token = await signAccessToken(
      {
        accountId: "a",
        sessionId: "s",
        tokenId: "t",
        issuedAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
        roles: ["analyst"],
      },
      { privateKey, kid: "k" },
    );
    expect(decodeJwt(token).roles).toEqual(["analyst"]);
  });
});

describe("requireRole", () => {
  test("passes a caller holding one of the roles", () => {
    const admin = caller(["admin"]);
    expect(requireRole(admin, "admin")).toBe(admin);
    expect(requireRole(caller(["analyst"]), "analyst", "admin").roles).toEqual(["analyst"]);
  });

  test("refuses a caller without the role with a 403 permission_denied", () => {
    let thrown: unknown;
    try {
      requireRole(caller(["moderator"]), "admin");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PermissionDeniedError);
    expect(httpStatusOf((thrown as PermissionDeniedError).code)).toBe(403);
    expect(() => requireRole(caller([]), "analyst", "admin")).toThrow(/analyst or admin/);
  });

  test("refuses no caller with 401", () => {
    expect(() => requireRole(undefined, "admin")).toThrow(UnauthenticatedError);
  });
});
