import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { FakeTrustSafety } from "@nova/kit/testing";
import { exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { usernameStem } from "../src/domain/derive-username.ts";
import { totpAt } from "../src/security/totp.ts";
import { type FakeOidcProvider, startFakeOidcProvider } from "./support/fake-oidc-provider.ts";
import {
  DATABASE_KINDS,
  type IdentityHarness,
  startIdentity,
  tokenFromMail,
} from "./support/identity-harness.ts";

const GOOGLE_CLIENT = "nova-google-client.apps.example";
const APPLE_CLIENT = "app.nova.signin";

for (const kind of DATABASE_KINDS) {
  describe(`on ${kind}`, () => {
    let h: IdentityHarness;
    let google: FakeOidcProvider;
    let apple: FakeOidcProvider;
    let appleKey: CryptoKeyPair;
    let subjects = 0;
    const trustSafety = new FakeTrustSafety();

    beforeAll(async () => {
      let now = () => new Date();
      google = await startFakeOidcProvider({ clientId: GOOGLE_CLIENT, now: () => now() });
      apple = await startFakeOidcProvider({ clientId: APPLE_CLIENT, now: () => now() });
      appleKey = await generateKeyPair("ES256", { extractable: true });
      h = await startIdentity(
        kind,
        {
          OAUTH_GOOGLE_ISSUER: google.issuer,
          OAUTH_GOOGLE_CLIENT_ID: GOOGLE_CLIENT,
          OAUTH_GOOGLE_CLIENT_SECRET: "google-secret",
          OAUTH_APPLE_ISSUER: apple.issuer,
          OAUTH_APPLE_CLIENT_ID: APPLE_CLIENT,
          OAUTH_APPLE_PRIVATE_KEY_PEM: (await exportPKCS8(appleKey.privateKey)).replaceAll("\n", "\\n"),
          OAUTH_APPLE_TEAM_ID: "TEAM123456",
          OAUTH_APPLE_KEY_ID: "KEY7654321",
          OAUTH_REDIRECT_BASE_URL: "http://identity.test",
        },
        { trustSafety: trustSafety.client() },
      );
      now = () => h.now();
    }, 60_000);

    afterAll(async () => {
      await h?.close();
      await google?.stop();
      await apple?.stop();
    });

    beforeEach(() => {
      google.tamper = {};
      apple.tamper = {};
      subjects += 1;
      google.nextUser = {
        sub: `g-${subjects}`,
        email: `g${subjects}@gmail.example`,
        emailVerified: true,
        name: "Gina Google",
      };
    });

    async function start(provider = "google", deviceName?: string) {
      const res = await h.request(`/api/v1/auth/oauth/${provider}/start`, {
        json: deviceName ? { deviceName } : {},
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { authorizationUrl: string; state: string; expiresAt: string };
    }

    /** start → the provider's consent → the callback, as a browser would go. */
    async function loginWith(provider: FakeOidcProvider, name = "google") {
      const { authorizationUrl } = await start(name);
      const { code, state } = await provider.consent(authorizationUrl);
      return h.request(`/api/v1/auth/oauth/${name}/callback?${new URLSearchParams({ code, state })}`);
    }

    describe("OAuth / OIDC login", () => {
      test("the start endpoint returns the provider's authorize URL with PKCE S256, state and nonce", async () => {
        const providers = await (await h.request("/api/v1/auth/oauth/providers")).json();
        expect(providers.providers).toEqual(["google", "apple"]);
        const { authorizationUrl, state } = await start();
        const url = new URL(authorizationUrl);
        expect(`${url.origin}${url.pathname}`).toBe(`${google.issuer}/authorize`);
        const q = url.searchParams;
        expect(q.get("client_id")).toBe(GOOGLE_CLIENT);
        expect(q.get("redirect_uri")).toBe("http://identity.test/api/v1/auth/oauth/google/callback");
        expect(q.get("code_challenge_method")).toBe("S256");
        expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(q.get("nonce")?.length).toBeGreaterThan(20);
        expect(q.get("state")).toBe(state);
        expect(q.get("scope")).toBe("openid email profile");
      });

      test("a derived username trust-safety refuses is skipped for the next candidate (checked for the new account)", async () => {
        trustSafety.verdicts.set("gina_google", { decision: "reject", reasonCode: "blocked_phrase" });
        try {
          const first = await (await loginWith(google)).json();
          expect(first.outcome).toBe("created");
          const next = usernameStem(`g${subjects}`); // the email's local part, folded
          expect(first.account.username).toBe(next);
          const checked = trustSafety.checked.filter((c) => c.accountId === first.account.id);
          expect(checked.map((c) => [c.subjectType, c.text])).toEqual([
            ["username", "gina_google"],
            ["username", next],
          ]);
        } finally {
          trustSafety.verdicts.delete("gina_google");
        }
      });

      test("a first login creates an account (verified email, derived username); the next logs in to it", async () => {
        const res = await loginWith(google);
        expect(res.status).toBe(200);
        const first = await res.json();
        expect(first.status).toBe("authenticated");
        expect(first.outcome).toBe("created");
        expect(first.account.email).toBe(`g${subjects}@gmail.example`);
        expect(first.account.emailVerified).toBe(true);
        expect(first.account.username).toMatch(/^gina_google(_\d{4})?$/);
        const me = await h.request("/api/v1/accounts/me", { token: first.tokens.accessToken });
        expect((await me.json()).id).toBe(first.account.id);
        const sessions = await (
          await h.request("/api/v1/auth/sessions", { token: first.tokens.accessToken })
        ).json();
        expect(sessions.sessions[0].method).toBe("oauth:google");

        const again = await (await loginWith(google)).json();
        expect(again.outcome).toBe("existing");
        expect(again.account.id).toBe(first.account.id);
        expect(google.secretsSeen.at(-1)).toBe("google-secret");
      });

      test("links to an existing account only when both the provider and the account verified the email", async () => {
        const local = await h.register(`linkme${subjects}`);
        // Not yet verified locally: a new, separate account (without the taken email) is created.
        google.nextUser = { sub: `g-unverified-local-${subjects}`, email: local.email, emailVerified: true };
        const notLinked = await (await loginWith(google)).json();
        expect(notLinked.outcome).toBe("created");
        expect(notLinked.account.id).not.toBe(local.id);
        expect(notLinked.account.email).toBe("");

        const mail = (await h.mails()).findLast((m) => m.to === local.email);
        const verify = await h.request("/api/v1/auth/email/verify", {
          json: { token: tokenFromMail(mail?.text ?? "") },
        });
        expect(verify.status).toBe(200);

        // The provider does not vouch for the address: still no link.
        google.nextUser = {
          sub: `g-unverified-remote-${subjects}`,
          email: local.email,
          emailVerified: false,
        };
        const stillNot = await (await loginWith(google)).json();
        expect(stillNot.outcome).toBe("created");
        expect(stillNot.account.id).not.toBe(local.id);

        google.nextUser = {
          sub: `g-verified-${subjects}`,
          email: local.email.toUpperCase(),
          emailVerified: true,
        };
        const linked = await (await loginWith(google)).json();
        expect(linked.outcome).toBe("linked");
        expect(linked.account.id).toBe(local.id);
        const ids = await (
          await h.request("/api/v1/auth/oauth/identities", { token: local.accessToken })
        ).json();
        expect(ids.identities.map((i: { provider: string }) => i.provider)).toEqual(["google"]);
      });

      test("an account with two-factor still needs its code after an OAuth login", async () => {
        const local = await h.register(`oauth2fa${subjects}`);
        const mail = (await h.mails()).findLast((m) => m.to === local.email);
        await h.request("/api/v1/auth/email/verify", { json: { token: tokenFromMail(mail?.text ?? "") } });
        const enrol = await (
          await h.request("/api/v1/auth/2fa/enroll", { method: "POST", token: local.accessToken })
        ).json();
        await h.request("/api/v1/auth/2fa/confirm", {
          json: { code: totpAt(enrol.secret, h.now()) },
          token: local.accessToken,
        });
        google.nextUser = { sub: `g-2fa-${subjects}`, email: local.email, emailVerified: true };
        const res = await (await loginWith(google)).json();
        expect(res.status).toBe("two_factor_required");
        expect(res.tokens).toBeUndefined();
        h.advance(30_000);
        const second = await h.request("/api/v1/auth/login/2fa", {
          json: { challengeToken: res.challengeToken, code: totpAt(enrol.secret, h.now()) },
        });
        expect(second.status).toBe(200);
        expect((await second.json()).account.id).toBe(local.id);
      });

      test("state is single-use, bound to its provider and expires", async () => {
        const { authorizationUrl } = await start();
        const { code, state } = await google.consent(authorizationUrl);
        const cb = (name: string, s: string) =>
          h.request(`/api/v1/auth/oauth/${name}/callback?${new URLSearchParams({ code, state: s })}`);
        expect((await cb("google", "x".repeat(43))).status).toBe(401);
        expect((await cb("apple", state)).status).toBe(401); // taken and refused: wrong provider
        expect((await cb("google", state)).status).toBe(401); // already used

        const late = await start();
        const consent = await google.consent(late.authorizationUrl);
        h.advance(11 * 60_000);
        const res = await cb("google", consent.state);
        expect(res.status).toBe(401);
        expect((await res.json()).detail).toContain("start the login again");
      });

      test("the provider's error and a replayed code are refused", async () => {
        const { state } = await start();
        const declined = await h.request(
          `/api/v1/auth/oauth/google/callback?error=access_denied&state=${state}`,
        );
        expect(declined.status).toBe(401);
        const { authorizationUrl } = await start();
        const { code } = await google.consent(authorizationUrl);
        const first = await start();
        // A code redeemed with another flow's verifier fails the provider's PKCE check.
        const res = await h.request(
          `/api/v1/auth/oauth/google/callback?${new URLSearchParams({ code, state: first.state })}`,
        );
        expect(res.status).toBe(401);
        expect((await res.json()).detail).toContain("invalid_grant");
      });

      const tamperings: [string, FakeOidcProvider["tamper"], string][] = [
        ["a wrong nonce", { nonce: "not-the-nonce" }, "nonce"],
        ["another audience", { audience: "someone-else" }, "aud"],
        ["another issuer", { issuer: "https://evil.example" }, "iss"],
        ["an expired token", { shiftSeconds: -3600 }, "exp"],
        ["a key not in the JWKS", { foreignKey: true }, "signature"],
      ];
      for (const [what, tamper, hint] of tamperings)
        test(`an id_token with ${what} is rejected and creates nothing`, async () => {
          google.tamper = tamper;
          google.nextUser = {
            sub: `g-tampered-${subjects}`,
            email: `t${subjects}@x.example`,
            emailVerified: true,
          };
          const res = await loginWith(google);
          expect(res.status).toBe(401);
          const body = await res.json();
          expect(body.code).toBe("unauthenticated");
          expect(body.detail.toLowerCase()).toContain(
            hint === "signature" ? "signature" : hint === "nonce" ? "nonce" : `"${hint}"`,
          );
          google.tamper = {};
          expect((await (await loginWith(google)).json()).outcome).toBe("created"); // the subject was never linked
        });

      test("Sign in with Apple: ES256 client-secret JWT from the team key, form_post callback, string email_verified", async () => {
        apple.nextUser = {
          sub: `a-${subjects}`,
          email: `relay${subjects}@privaterelay.example`,
          emailVerified: true,
          asString: true,
        };
        apple.checkSecret = async (secret) => {
          if (!secret) return false;
          const { payload, protectedHeader } = await jwtVerify(secret, appleKey.publicKey, {
            issuer: "TEAM123456",
            subject: APPLE_CLIENT,
            audience: apple.issuer,
            currentDate: h.now(),
          });
          return protectedHeader.kid === "KEY7654321" && protectedHeader.alg === "ES256" && !!payload.exp;
        };
        const { authorizationUrl } = await start("apple");
        expect(new URL(authorizationUrl).searchParams.get("response_mode")).toBe("form_post");
        const { code, state } = await apple.consent(authorizationUrl);
        const res = await h.request("/api/v1/auth/oauth/apple/callback", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ code, state }).toString(),
        });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.outcome).toBe("created");
        expect(body.account.emailVerified).toBe(true);
        expect(body.account.username).toMatch(/^relay\d+(_\d{4})?$/);
      });

      test("unlinking: refused for the only way in, allowed when a password exists", async () => {
        const oauthOnly = await (await loginWith(google)).json();
        const refused = await h.request("/api/v1/auth/oauth/identities/google", {
          method: "DELETE",
          token: oauthOnly.tokens.accessToken,
        });
        expect(refused.status).toBe(412);
        const missing = await h.request("/api/v1/auth/oauth/identities/apple", {
          method: "DELETE",
          token: oauthOnly.tokens.accessToken,
        });
        expect(missing.status).toBe(404);

        const local = await h.register(`unlink${subjects}`);
        const mail = (await h.mails()).findLast((m) => m.to === local.email);
        await h.request("/api/v1/auth/email/verify", { json: { token: tokenFromMail(mail?.text ?? "") } });
        google.nextUser = { sub: `g-unlink-${subjects}`, email: local.email, emailVerified: true };
        expect((await (await loginWith(google)).json()).outcome).toBe("linked");
        const anon = await h.request("/api/v1/auth/oauth/identities/google", { method: "DELETE" });
        expect(anon.status).toBe(401);
        const ok = await h.request("/api/v1/auth/oauth/identities/google", {
          method: "DELETE",
          token: local.accessToken,
        });
        expect(ok.status).toBe(204);
        const ids = await (
          await h.request("/api/v1/auth/oauth/identities", { token: local.accessToken })
        ).json();
        expect(ids.identities).toEqual([]);
        // The unlinked subject no longer reaches the account (with an address that matches nothing, a
        // new account is made; with the same verified address it would be linked afresh).
        google.nextUser = {
          sub: `g-unlink-${subjects}`,
          email: `other${subjects}@gmail.example`,
          emailVerified: true,
        };
        const next = await (await loginWith(google)).json();
        expect(next.outcome).toBe("created");
        expect(next.account.id).not.toBe(local.id);
      });
    });

    describe("deleting an OAuth-only account", () => {
      test("needs a login within the last 10 minutes (no password or code to confirm with)", async () => {
        const stale = await (await loginWith(google)).json();
        h.advance(11 * 60_000);
        const refused = await h.request("/api/v1/account", {
          method: "DELETE",
          token: stale.tokens.accessToken,
          json: {},
        });
        expect(refused.status).toBe(412);
        const fresh = await (await loginWith(google)).json();
        expect(fresh.account.id).toBe(stale.account.id);
        const ok = await h.request("/api/v1/account", {
          method: "DELETE",
          token: fresh.tokens.accessToken,
          json: {},
        });
        expect(ok.status).toBe(200);
        // The identity was erased with the account: the same subject now makes a new account.
        const after = await (await loginWith(google)).json();
        expect(after.outcome).toBe("created");
        expect(after.account.id).not.toBe(stale.account.id);
      });
    });

    describe("OAuth configuration", () => {
      test("a provider that is not configured is 404; an unknown one is 400", async () => {
        const bare = await startIdentity(kind);
        try {
          const res = await bare.request("/api/v1/auth/oauth/google/start", { json: {} });
          expect(res.status).toBe(404);
          expect((await bare.request("/api/v1/auth/oauth/myspace/start", { json: {} })).status).toBe(400);
          expect((await (await bare.request("/api/v1/auth/oauth/providers")).json()).providers).toEqual([]);
        } finally {
          await bare.close();
        }
      });

      test("an Apple key without its team or key id fails at start, naming what is missing", async () => {
        const { privateKey } = await generateKeyPair("ES256", { extractable: true });
        await expect(
          startIdentity(kind, {
            OAUTH_APPLE_CLIENT_ID: APPLE_CLIENT,
            OAUTH_APPLE_PRIVATE_KEY_PEM: (await exportPKCS8(privateKey)).replaceAll("\n", "\\n"),
          }),
        ).rejects.toThrow("OAUTH_APPLE_TEAM_ID, OAUTH_APPLE_KEY_ID");
      });
    });
  });
}
