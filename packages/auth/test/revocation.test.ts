import { beforeAll, describe, expect, test } from "bun:test";
import { PermissionDeniedError, UnauthenticatedError } from "@nova/errors";
import { type AuthContext, createRevocationList, createTokenVerifier } from "../src/index.ts";
import { createTestTokenIssuer, type TestTokenIssuer } from "../src/testing/index.ts";

const T0 = new Date("2030-01-01T00:00:00Z").getTime();
const MIN = 60_000;

function auth(over: Partial<AuthContext> = {}): AuthContext {
  return {
    accountId: "acc-1",
    sessionId: "ses-1",
    tokenId: "jti-1",
    issuedAt: new Date(T0),
    expiresAt: new Date(T0 + 15 * MIN),
    roles: [],
    ...over,
  };
}

describe("createRevocationList", () => {
  test("a revoked session's tokens are revoked; other sessions of the account are not", () => {
    const list = createRevocationList({ clock: () => new Date(T0 + 1000) });
    list.apply({ kind: "sessions", accountId: "acc-1", sessionIds: ["ses-1"], expiresAt: T0 + 16 * MIN });
    expect(list.isRevoked(auth())).toBe(true);
    expect(list.isRevoked(auth({ sessionId: "ses-2" }))).toBe(false);
  });

  test("an account's not-before refuses tokens issued up to it, not those issued later", () => {
    const list = createRevocationList({ clock: () => new Date(T0 + 5000) });
    list.apply({ kind: "account", accountId: "acc-1", notBefore: T0 + 2500, expiresAt: T0 + 16 * MIN });
    expect(list.isRevoked(auth({ issuedAt: new Date(T0 + 2000) }))).toBe(true);
    // iat has whole seconds: the same second counts as before (refused).
    expect(list.isRevoked(auth({ issuedAt: new Date(T0 + 2000), sessionId: "other" }))).toBe(true);
    expect(list.isRevoked(auth({ issuedAt: new Date(T0 + 3000) }))).toBe(false);
    expect(list.isRevoked(auth({ accountId: "acc-2", issuedAt: new Date(T0) }))).toBe(false);
  });

  test("entries go when the tokens they cover have expired; expired revocations are not kept", () => {
    let now = T0;
    const list = createRevocationList({ clock: () => new Date(now) });
    list.apply({ kind: "sessions", accountId: "a", sessionIds: ["s1"], expiresAt: T0 + MIN });
    list.apply({ kind: "sessions", accountId: "a", sessionIds: ["old"], expiresAt: T0 - 1 });
    expect(list.size).toBe(1);
    now = T0 + MIN + 1;
    expect(list.isRevoked(auth({ sessionId: "s1" }))).toBe(false);
    list.apply({ kind: "sessions", accountId: "a", sessionIds: ["s2"], expiresAt: T0 + 2 * MIN });
    expect(list.size).toBe(1);
  });

  test("holds at most maxEntries, dropping the soonest-expiring and reporting it", () => {
    let dropped = 0;
    const list = createRevocationList({
      maxEntries: 3,
      clock: () => new Date(T0),
      onOverflow: (n) => {
        dropped += n;
      },
    });
    for (let i = 0; i < 5; i++)
      list.apply({ kind: "sessions", accountId: "a", sessionIds: [`s${i}`], expiresAt: T0 + (i + 1) * MIN });
    expect(list.size).toBe(3);
    expect(dropped).toBe(2);
    expect(list.isRevoked(auth({ sessionId: "s0" }))).toBe(false);
    expect(list.isRevoked(auth({ sessionId: "s4" }))).toBe(true);
  });
});

describe("createTokenVerifier with a revocation view", () => {
  let issuer: TestTokenIssuer;
  beforeAll(async () => {
    issuer = await createTestTokenIssuer({ kid: "rv" });
  });

  test("a token verified (and remembered) before its session was revoked is refused at once", async () => {
    const revocations = createRevocationList();
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk], revocations });
    const token = await issuer.sign({ accountId: "acc-9", sessionId: "ses-9" });
    expect((await verifier.verify(token)).accountId).toBe("acc-9");
    // Remembered for 60 s by default: the revocation must still win.
    revocations.apply({
      kind: "sessions",
      accountId: "acc-9",
      sessionIds: ["ses-9"],
      expiresAt: Date.now() + 16 * MIN,
    });
    await expect(verifier.verify(token)).rejects.toThrow(UnauthenticatedError);
    await expect(verifier.verify(token)).rejects.toThrow("revoked");
    const other = await issuer.sign({ accountId: "acc-9", sessionId: "ses-10" });
    expect((await verifier.verify(other)).sessionId).toBe("ses-10");
  });

  test("a deleted account's tokens are refused whichever session they carry", async () => {
    const revocations = createRevocationList();
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk], revocations });
    const token = await issuer.sign({ accountId: "gone", issuedAt: new Date(Date.now() - 1000) });
    revocations.apply({
      kind: "account",
      accountId: "gone",
      notBefore: Date.now(),
      expiresAt: Date.now() + MIN,
    });
    await expect(verifier.verify(token)).rejects.toThrow("revoked");
  });

  test("a suspended account's tokens answer 403 naming the suspension; a later non-suspension revocation does not", async () => {
    const revocations = createRevocationList();
    const verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk], revocations });
    const token = await issuer.sign({ accountId: "susp", issuedAt: new Date(Date.now() - 2000) });
    revocations.apply({
      kind: "account",
      accountId: "susp",
      notBefore: Date.now() - 1000,
      expiresAt: Date.now() + MIN,
      suspended: true,
    });
    await expect(verifier.verify(token)).rejects.toThrow(PermissionDeniedError);
    await expect(verifier.verify(token)).rejects.toThrow("suspended");
    // Lifted, then logged out everywhere: the latest account revocation is not a suspension.
    revocations.apply({
      kind: "account",
      accountId: "susp",
      notBefore: Date.now(),
      expiresAt: Date.now() + MIN,
    });
    await expect(verifier.verify(token)).rejects.toThrow(UnauthenticatedError);
  });
});
