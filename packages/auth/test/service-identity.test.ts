import { afterAll, describe, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import {
  actingAccountId,
  createServiceIdentity,
  loadServiceIdentityFromFiles,
  parseTrustBundle,
  SERVICE_TOKEN_TYPE,
  trustBundleJson,
} from "../src/index.ts";
import { createTestServicePki } from "../src/testing/index.ts";

const dir = mkdtempSync(join(tmpdir(), "nova-service-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("service tokens", () => {
  test("one token per audience, reused until half its lifetime, then re-signed", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const pki = createTestServicePki();
    const feed = pki.identity("feed-service", { clock: () => new Date(now) });
    const graph = pki.identity("graph-service", { clock: () => new Date(now) });
    const first = await feed.tokenFor("graph-service");
    expect(await feed.tokenFor("graph-service")).toBe(first);
    expect(await feed.tokenFor("user-service")).not.toBe(first);
    expect(await graph.verify(first)).toBe("feed-service");
    now += 2.5 * 60_000 + 1;
    const second = await feed.tokenFor("graph-service");
    expect(second).not.toBe(first);
    expect(await graph.verify(second)).toBe("feed-service");
  });

  test("refused: another audience, expired, unknown key, wrong typ, too long a life, a bundle entry of another service", async () => {
    const pki = createTestServicePki();
    const graph = pki.identity("graph-service");
    const reasons: Record<string, string> = {};
    const refuse = async (label: string, token: string) => {
      reasons[label] = await graph.verify(token).then(
        () => "accepted",
        (err: Error) => err.message,
      );
    };
    await refuse("audience", await pki.identity("feed-service").tokenFor("user-service"));
    const old = pki.identity("feed-service", { clock: () => new Date(Date.now() - 10 * 60_000) });
    await refuse("expired", await old.tokenFor("graph-service"));
    await refuse(
      "foreign key",
      await createTestServicePki().identity("feed-service").tokenFor("graph-service"),
    );
    const key = pki.signingKey("feed-service");
    const sign = (typ: string, lifeS: number, iss = "feed-service") =>
      new SignJWT({})
        .setProtectedHeader({ alg: "EdDSA", typ, kid: key.kid })
        .setIssuer(iss)
        .setSubject(iss)
        .setAudience("graph-service")
        .setJti("j")
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + lifeS)
        .sign(key.privateKey);
    await refuse("typ", await sign("JWT", 60));
    await refuse("life", await sign(SERVICE_TOKEN_TYPE, 3600));
    // feed-service's key does not speak for search-service.
    await refuse("impersonation", await sign(SERVICE_TOKEN_TYPE, 60, "search-service"));
    await refuse("garbage", "a.b.c");
    expect(reasons).toEqual({
      audience: "service token is for another service",
      expired: "service token expired",
      "foreign key": "service token signed by an unknown key",
      typ: "service token is invalid",
      life: "service token lives too long",
      impersonation: "service token signed by an unknown key",
      garbage: "service token is invalid",
    });
    expect(await graph.verify(await sign(SERVICE_TOKEN_TYPE, 60))).toBe("feed-service");
  });

  test("a key dropped from the bundle stops verifying at once, even for a token verified before", async () => {
    const pki = createTestServicePki();
    const graph = pki.identity("graph-service");
    const token = await pki.identity("feed-service").tokenFor("graph-service");
    expect(await graph.verify(token)).toBe("feed-service");
    pki.rotate("feed-service", { dropOld: true });
    await expect(graph.verify(token)).rejects.toThrow(/unknown key/);
    // The signer moved to the new key by itself.
    expect(await graph.verify(await pki.identity("feed-service").tokenFor("graph-service"))).toBe(
      "feed-service",
    );
  });

  test("a bundle refuses non-Ed25519 keys and malformed entries", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "jwk" });
    expect(() => parseTrustBundle(JSON.stringify({ services: { x: [rsa] } }))).toThrow(/Ed25519/);
    expect(() => parseTrustBundle('{"keys":[]}')).toThrow(/services/);
    expect(() => parseTrustBundle("{")).toThrow(/not JSON/);
  });
});

describe("key files", () => {
  const keyPath = join(dir, "signing-key.pem");
  const bundlePath = join(dir, "trust-bundle.json");
  const pair = () => generateKeyPairSync("ed25519");
  const writeAtomically = (path: string, text: string) => {
    writeFileSync(`${path}.new`, text);
    renameSync(`${path}.new`, path);
  };

  test("rotation without restart: new key and bundle are picked up on change; the old key works until removed", async () => {
    const feedOld = pair();
    const graphKey = pair();
    writeFileSync(keyPath, feedOld.privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(
      bundlePath,
      trustBundleJson({ "feed-service": [feedOld.publicKey], "graph-service": [graphKey.publicKey] }),
    );
    const feed = loadServiceIdentityFromFiles(
      "feed-service",
      { keyPath, trustBundlePath: bundlePath },
      { pollIntervalMs: 60_000 },
    );
    // graph-service reads the same bundle (its own key file is elsewhere; only verification matters here).
    const graphKeyPath = join(dir, "graph-key.pem");
    writeFileSync(graphKeyPath, graphKey.privateKey.export({ type: "pkcs8", format: "pem" }));
    const graph = loadServiceIdentityFromFiles(
      "graph-service",
      { keyPath: graphKeyPath, trustBundlePath: bundlePath },
      { pollIntervalMs: 60_000 },
    );
    try {
      const before = await feed.tokenFor("graph-service");
      expect(await graph.verify(before)).toBe("feed-service");

      // Step 1: the new public key joins the bundle; step 2: the signer's key file is swapped.
      const feedNew = pair();
      writeAtomically(
        bundlePath,
        trustBundleJson({
          "feed-service": [feedOld.publicKey, feedNew.publicKey],
          "graph-service": [graphKey.publicKey],
        }),
      );
      writeAtomically(keyPath, feedNew.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
      expect(feed.reload()).toBe(true);
      expect(graph.reload()).toBe(true);
      const after = await feed.tokenFor("graph-service");
      expect(after).not.toBe(before);
      expect(await graph.verify(after)).toBe("feed-service");
      expect(await graph.verify(before)).toBe("feed-service");

      // Step 3: the old key leaves the bundle; its tokens stop at once.
      writeAtomically(
        bundlePath,
        trustBundleJson({ "feed-service": [feedNew.publicKey], "graph-service": [graphKey.publicKey] }),
      );
      expect(graph.reload()).toBe(true);
      await expect(graph.verify(before)).rejects.toThrow(/unknown key/);
      expect(await graph.verify(after)).toBe("feed-service");

      // A half-written bundle keeps the previous one.
      writeFileSync(bundlePath, '{"services": {');
      expect(graph.reload()).toBe(false);
      expect(await graph.verify(after)).toBe("feed-service");
    } finally {
      feed.close();
      graph.close();
    }
  });

  test("a missing or wrong key file is an error naming the path", () => {
    expect(() =>
      loadServiceIdentityFromFiles("feed-service", {
        keyPath: join(dir, "nope.pem"),
        trustBundlePath: bundlePath,
      }),
    ).toThrow(/nope\.pem/);
    const rsaPath = join(dir, "rsa.pem");
    writeFileSync(
      rsaPath,
      generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }),
    );
    expect(() =>
      loadServiceIdentityFromFiles("feed-service", { keyPath: rsaPath, trustBundlePath: bundlePath }),
    ).toThrow(/must be Ed25519/);
  });
});

describe("the viewer is the token", () => {
  const user = {
    accountId: "a",
    sessionId: "s",
    tokenId: "t",
    issuedAt: new Date(),
    expiresAt: new Date(),
    roles: [],
  };
  test("an end user acts for themselves only; a service may name anyone", () => {
    expect(actingAccountId({ service: undefined, user }, "")).toBe("a");
    expect(actingAccountId({ service: undefined, user }, "a")).toBe("a");
    expect(() => actingAccountId({ service: undefined, user }, "b")).toThrow(/own account/);
    expect(() => actingAccountId({ service: undefined, user: undefined }, "b")).toThrow(/access token/);
    expect(actingAccountId({ service: "feed-service", user: undefined }, "b")).toBe("b");
    expect(actingAccountId({ service: "feed-service", user }, "")).toBe("a");
    expect(actingAccountId({ service: "feed-service", user: undefined }, "")).toBeUndefined();
  });

  test("createServiceIdentity caps the lifetime it signs at 15 minutes", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const bundle = parseTrustBundle(trustBundleJson({ a: [publicKey] }));
    const kid = JSON.parse(trustBundleJson({ a: [publicKey] })).services.a[0].kid as string;
    const a = createServiceIdentity({
      service: "a",
      signingKey: () => ({ privateKey, kid }),
      trustBundle: () => bundle,
      tokenTtlMs: 3_600_000,
    });
    const token = await a.tokenFor("a");
    const { exp, iat } = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
    expect(exp - iat).toBe(900);
    expect(await a.verify(token)).toBe("a");
  });
});
