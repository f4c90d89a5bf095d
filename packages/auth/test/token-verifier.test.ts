import { afterAll, beforeAll, describe, expect, spyOn, test } from "bun:test";
import { UnauthenticatedError, UnavailableError } from "@nova/errors";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createTokenVerifier, JWKS_PATH } from "../src/index.ts";
import { createTestTokenIssuer, type TestTokenIssuer } from "../src/testing/index.ts";

let issuer: TestTokenIssuer;
let other: TestTokenIssuer;
beforeAll(async () => {
  issuer = await createTestTokenIssuer({ kid: "k1" });
  other = await createTestTokenIssuer({ kid: "k2" });
});

describe("createTokenVerifier with fixed keys", () => {
  test("returns the AuthContext of a valid token", async () => {
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const token = await issuer.sign({ accountId: "acc-1", sessionId: "ses-1", tokenId: "jti-1", issuedAt });
    const auth = await verifier.verify(token);
    expect(auth).toEqual({
      accountId: "acc-1",
      sessionId: "ses-1",
      tokenId: "jti-1",
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 15 * 60_000),
      roles: [],
    });
  });

  test("accepts a PEM public key without kid", async () => {
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicPem] });
    const auth = await verifier.verify(await issuer.sign({ accountId: "acc-pem" }));
    expect(auth.accountId).toBe("acc-pem");
  });

  test("refuses a token signed by another key", async () => {
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
    const forged = await other.sign({ accountId: "acc-1" });
    await expect(verifier.verify(forged)).rejects.toThrow(UnauthenticatedError);
  });

  test("refuses an expired token, using the injected clock", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk], clock: () => now });
    const token = await issuer.sign({ accountId: "a", issuedAt: now });
    expect((await verifier.verify(token)).accountId).toBe("a");
    now = new Date(now.getTime() + 16 * 60_000);
    await expect(verifier.verify(token)).rejects.toThrow("access token expired");
  });

  test("remembers a verified token until the cache time or its expiry, whichever is first", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    // Counts signature checks: jose verifies with WebCrypto.
    let keyReads = 0;
    const subtleVerify = crypto.subtle.verify.bind(crypto.subtle);
    const spy = spyOn(crypto.subtle, "verify").mockImplementation((...args) => {
      keyReads++;
      return subtleVerify(...args);
    });
    const verifier = createTokenVerifier({
      publicKeys: [issuer.publicJwk],
      clock: () => now,
      verifiedCacheMs: 60_000,
    });
    const token = await issuer.sign({ accountId: "a", issuedAt: now });
    expect((await verifier.verify(token)).accountId).toBe("a");
    const checks = keyReads;
    expect((await verifier.verify(token)).accountId).toBe("a");
    expect(keyReads).toBe(checks);
    now = new Date(now.getTime() + 61_000);
    expect((await verifier.verify(token)).accountId).toBe("a");
    expect(keyReads).toBeGreaterThan(checks);
    // Expiry wins over a longer cache time; a tampered copy of a remembered token is still refused.
    now = new Date(now.getTime() + 15 * 60_000);
    await expect(verifier.verify(token)).rejects.toThrow("access token expired");
    const fresh = await issuer.sign({ accountId: "b", issuedAt: now });
    await verifier.verify(fresh);
    await expect(verifier.verify(`${fresh.slice(0, -2)}xx`)).rejects.toThrow(UnauthenticatedError);
    spy.mockRestore();
  });

  test("refuses a wrong issuer or audience", async () => {
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
    await expect(verifier.verify(await issuer.sign({ accountId: "a" }, { issuer: "evil" }))).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(
      verifier.verify(await issuer.sign({ accountId: "a" }, { audience: "other-api" })),
    ).rejects.toThrow(UnauthenticatedError);
  });

  test("refuses a JWT that is not an access token (typ) or not RS256", async () => {
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
    const { privateKey } = await generateKeyPair("ES256");
    const claims = () =>
      new SignJWT({ sid: "s" })
        .setSubject("a")
        .setJti("j")
        .setIssuedAt()
        .setExpirationTime("5m")
        .setIssuer("nova-identity")
        .setAudience("nova-api");
    const es = await claims().setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: "k1" }).sign(privateKey);
    await expect(verifier.verify(es)).rejects.toThrow(UnauthenticatedError);
    const none = `${btoa(JSON.stringify({ alg: "none", typ: "at+jwt" }))}.${btoa(JSON.stringify({ sub: "a" }))}.`;
    await expect(verifier.verify(none)).rejects.toThrow(UnauthenticatedError);
    await expect(verifier.verify("not.a.jwt")).rejects.toThrow(UnauthenticatedError);
  });

  test("refuses a token of another type signed with the right key", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const verifier = createTokenVerifier({ publicKeys: [{ ...(await exportJWK(publicKey)), kid: "rs" }] });
    const idToken = await new SignJWT({ sid: "s" })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "rs" })
      .setSubject("a")
      .setJti("j")
      .setIssuedAt()
      .setExpirationTime("5m")
      .setIssuer("nova-identity")
      .setAudience("nova-api")
      .sign(privateKey);
    await expect(verifier.verify(idToken)).rejects.toThrow("access token is invalid");
  });

  test("needs a key source", () => {
    expect(() => createTokenVerifier({})).toThrow(/jwksUrl, publicKeys or jwks/);
  });
});

describe("createTokenVerifier with a remote JWKS", () => {
  let server: ReturnType<typeof Bun.serve>;
  let served: { keys: object[] } = { keys: [] };
  let fetches = 0;
  let up = true;
  beforeAll(() => {
    server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(req) {
        if (!up) return new Response("down", { status: 503 });
        if (new URL(req.url).pathname !== JWKS_PATH) return new Response("nope", { status: 404 });
        fetches++;
        return Response.json(served);
      },
    });
  });
  afterAll(() => server.stop(true));
  const url = () => `http://127.0.0.1:${server.port}${JWKS_PATH}`;

  test("caches the key set and refetches for an unknown kid (rotation)", async () => {
    served = { keys: [issuer.publicJwk] };
    fetches = 0;
    const verifier = createTokenVerifier({ jwksUrl: url(), jwksCooldownMs: 0 });
    await verifier.verify(await issuer.sign({ accountId: "a" }));
    await verifier.verify(await issuer.sign({ accountId: "b" }));
    expect(fetches).toBe(1);
    served = { keys: [issuer.publicJwk, other.publicJwk] };
    expect((await verifier.verify(await other.sign({ accountId: "c" }))).accountId).toBe("c");
    expect(fetches).toBe(2);
  });

  test("a key removed from the JWKS stops verifying once the cache ages out", async () => {
    served = { keys: [issuer.publicJwk] };
    const verifier = createTokenVerifier({ jwksUrl: url(), jwksCooldownMs: 0, jwksMaxAgeMs: 1 });
    const token = await issuer.sign({ accountId: "a" });
    await verifier.verify(token);
    served = { keys: [other.publicJwk] };
    await Bun.sleep(5);
    await expect(verifier.verify(token)).rejects.toThrow("access token signed by an unknown key");
  });

  test("an unreachable JWKS is Unavailable, not Unauthenticated", async () => {
    up = false;
    try {
      const verifier = createTokenVerifier({ jwksUrl: url() });
      await expect(verifier.verify(await issuer.sign({ accountId: "a" }))).rejects.toThrow(UnavailableError);
    } finally {
      up = true;
    }
  });
});

describe("DISABLE_AUTH", () => {
  test("reads claims without checking the signature outside production", async () => {
    const verifier = createTokenVerifier({ disableAuth: true, environment: "development" });
    expect(verifier.insecure).toBe(true);
    const auth = await verifier.verify(await other.sign({ accountId: "dev" }));
    expect(auth.accountId).toBe("dev");
  });

  test("is refused in production and staging", () => {
    for (const environment of ["production", "staging"])
      expect(() =>
        createTokenVerifier({ disableAuth: true, environment, publicKeys: [issuer.publicJwk] }),
      ).toThrow(/DISABLE_AUTH cannot be used/);
  });
});

describe("createTokenVerifier with an in-process key set", () => {
  test("reads the key set on every call, so rotation in the issuer is seen at once", async () => {
    let keys = [issuer.publicJwk];
    const verifier = createTokenVerifier({ jwks: () => ({ keys }) });
    expect((await verifier.verify(await issuer.sign({ accountId: "a" }))).accountId).toBe("a");
    await expect(verifier.verify(await other.sign({ accountId: "b" }))).rejects.toThrow(UnauthenticatedError);
    keys = [issuer.publicJwk, other.publicJwk];
    expect((await verifier.verify(await other.sign({ accountId: "b" }))).accountId).toBe("b");
  });
});
