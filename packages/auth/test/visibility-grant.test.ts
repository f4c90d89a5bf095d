import { describe, expect, test } from "bun:test";
import { SignJWT } from "jose";
import { VISIBILITY_GRANT_TYPE } from "../src/index.ts";
import { createTestServicePki } from "../src/testing/index.ts";

const POST_A = "0190a000-0000-7000-8000-00000000000a";
const POST_B = "0190a000-0000-7000-8000-00000000000b";
const ALICE = "0190a000-0000-7000-8000-0000000000a1";
const BOB = "0190a000-0000-7000-8000-0000000000b0";

describe("visibility grants", () => {
  const fromContent = { issuer: "content-service", viewer: ALICE };

  test("issued by one service, verified by its audience: the posts it names, for the viewer it names", async () => {
    const pki = createTestServicePki();
    const grant = await pki
      .identity("content-service")
      .grants.issue({ audience: "social-service", viewer: ALICE, posts: [POST_A, POST_B] });
    const social = pki.identity("social-service");
    expect([...(await social.grants.covered(grant, fromContent))]).toEqual([POST_A, POST_B]);
    // Cached by token string, and the cache still checks issuer and viewer.
    expect((await social.grants.covered(grant, { ...fromContent, viewer: BOB })).size).toBe(0);
    expect((await social.grants.covered(grant, { ...fromContent, issuer: "feed-service" })).size).toBe(0);
    expect((await social.grants.covered(grant, fromContent)).size).toBe(2);
  });

  test("another audience, an untrusted key, an edited payload, an expired grant: nothing covered", async () => {
    const pki = createTestServicePki();
    const content = pki.identity("content-service");
    const social = pki.identity("social-service");
    const toFeed = await content.grants.issue({ audience: "feed-service", viewer: ALICE, posts: [POST_A] });
    expect((await social.grants.covered(toFeed, fromContent)).size).toBe(0);
    const stranger = createTestServicePki().identity("content-service");
    const forged = await stranger.grants.issue({
      audience: "social-service",
      viewer: ALICE,
      posts: [POST_A],
    });
    expect((await social.grants.covered(forged, fromContent)).size).toBe(0);
    const [head, , sig] = (
      await content.grants.issue({ audience: "social-service", viewer: BOB, posts: [POST_A] })
    ).split(".");
    const edited = Buffer.from(
      JSON.stringify({ iss: "content-service", aud: "social-service", sub: ALICE, posts: [POST_A] }),
    ).toString("base64url");
    expect((await social.grants.covered(`${head}.${edited}.${sig}`, fromContent)).size).toBe(0);
    const past = pki.identity("content-service", { clock: () => new Date(Date.now() - 40_000) });
    const expired = await past.grants.issue({ audience: "social-service", viewer: ALICE, posts: [POST_A] });
    expect((await social.grants.covered(expired, fromContent)).size).toBe(0);
  });

  test("a grant living longer than 30 s, or a service token, is refused", async () => {
    const pki = createTestServicePki();
    const key = pki.signingKey("content-service");
    const now = Math.floor(Date.now() / 1000);
    const long = await new SignJWT({ posts: [POST_A] })
      .setProtectedHeader({ alg: "EdDSA", typ: VISIBILITY_GRANT_TYPE, kid: key.kid })
      .setIssuer("content-service")
      .setSubject(ALICE)
      .setAudience("social-service")
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(key.privateKey);
    const social = pki.identity("social-service");
    expect((await social.grants.covered(long, fromContent)).size).toBe(0);
    const serviceToken = await pki.identity("content-service").tokenFor("social-service");
    expect((await social.grants.covered(serviceToken, fromContent)).size).toBe(0);
    // …and a grant is not a service token either.
    const grant = await pki
      .identity("content-service")
      .grants.issue({ audience: "social-service", viewer: ALICE, posts: [POST_A] });
    await expect(social.verify(grant)).rejects.toThrow();
  });

  test("a key dropped from the trust bundle stops its grants at once, cached or not", async () => {
    const pki = createTestServicePki();
    const social = pki.identity("social-service");
    const grant = await pki
      .identity("content-service")
      .grants.issue({ audience: "social-service", viewer: ALICE, posts: [POST_A] });
    expect((await social.grants.covered(grant, fromContent)).size).toBe(1);
    pki.rotate("content-service", { dropOld: true });
    expect((await social.grants.covered(grant, fromContent)).size).toBe(0);
  });

  test("the same statement is handed out again while ≥ 20 s of it is left; anything else is signed afresh", async () => {
    const pki = createTestServicePki();
    let now = Date.now();
    const content = pki.identity("content-service", { clock: () => new Date(now) });
    const social = pki.identity("social-service", { clock: () => new Date(now) });
    const claims = { audience: "social-service", viewer: ALICE, posts: [POST_A, POST_B] };
    const first = await content.grants.issue(claims);
    expect(await content.grants.issue({ ...claims, posts: [POST_B, POST_A] })).toBe(first);
    for (const other of [
      { ...claims, viewer: BOB },
      { ...claims, viewer: undefined },
      { ...claims, posts: [POST_A] },
      { ...claims, audience: "feed-service" },
    ])
      expect(await content.grants.issue(other)).not.toBe(first);
    // Still the same grant a few seconds later, and still covering exactly what it names.
    now += 5_000;
    expect(await content.grants.issue(claims)).toBe(first);
    expect([...(await social.grants.covered(first, fromContent))].sort()).toEqual([POST_A, POST_B]);
    // Under 20 s left: a new grant, itself valid for the full lifetime.
    now += 6_000;
    const second = await content.grants.issue(claims);
    expect(second).not.toBe(first);
    expect((await social.grants.covered(second, fromContent)).size).toBe(2);
    // A rotated key signs afresh (the old key's grant is not handed out under the new key).
    pki.rotate("content-service", { dropOld: true });
    const third = await content.grants.issue(claims);
    expect(third).not.toBe(second);
    expect((await social.grants.covered(third, fromContent)).size).toBe(2);
  });
});
