import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { totpAt } from "../src/security/totp.ts";
import {
  DATABASE_KINDS,
  GOOD_PASSWORD,
  type IdentityHarness,
  startIdentity,
} from "./support/identity-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`on ${kind}`, () => {
    let h: IdentityHarness;
    beforeAll(async () => {
      h = await startIdentity(kind);
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    describe("TOTP (RFC 6238)", () => {
      test("matches the RFC's SHA-1 test vectors (last 6 digits)", () => {
        // Secret "12345678901234567890" in base32.
        const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        expect(totpAt(secret, new Date(59_000))).toBe("287082");
        expect(totpAt(secret, new Date(1_111_111_109_000))).toBe("081804");
        expect(totpAt(secret, new Date(2_000_000_000_000))).toBe("279037");
      });
    });

    describe("two-factor login", () => {
      test("enrol → confirm → login needs a code; codes are single-use; recovery codes work once; disable", async () => {
        const a = await h.register("twofactor");
        const enrol = await (
          await h.request("/api/v1/auth/2fa/enroll", { method: "POST", token: a.accessToken })
        ).json();
        expect(enrol.otpauthUri).toStartWith("otpauth://totp/Nova%3Atwofactor%40example.com?secret=");

        const wrong = await h.request("/api/v1/auth/2fa/confirm", {
          json: { code: "000000" },
          token: a.accessToken,
        });
        expect(wrong.status).toBe(400);
        const confirm = await h.request("/api/v1/auth/2fa/confirm", {
          json: { code: totpAt(enrol.secret, h.now()) },
          token: a.accessToken,
        });
        expect(confirm.status).toBe(200);
        const { recoveryCodes } = await confirm.json();
        expect(recoveryCodes).toHaveLength(10);

        const step1 = await (
          await h.request("/api/v1/auth/login", {
            json: { identifier: "twofactor", password: GOOD_PASSWORD },
          })
        ).json();
        expect(step1.status).toBe("two_factor_required");
        expect(step1).not.toHaveProperty("tokens");
        // The code used to confirm was in this 30 s step: it is not accepted twice.
        const replay = await h.request("/api/v1/auth/login/2fa", {
          json: { challengeToken: step1.challengeToken, code: totpAt(enrol.secret, h.now()) },
        });
        expect(replay.status).toBe(401);
        h.advance(30_000);
        const step2 = await h.request("/api/v1/auth/login/2fa", {
          json: { challengeToken: step1.challengeToken, code: totpAt(enrol.secret, h.now()) },
        });
        expect(step2.status).toBe(200);
        expect((await step2.json()).tokens.accessToken).toBeString();
        // The challenge was used up.
        h.advance(30_000);
        expect(
          (
            await h.request("/api/v1/auth/login/2fa", {
              json: { challengeToken: step1.challengeToken, code: totpAt(enrol.secret, h.now()) },
            })
          ).status,
        ).toBe(401);

        const again = await (
          await h.request("/api/v1/auth/login", {
            json: { identifier: "twofactor", password: GOOD_PASSWORD },
          })
        ).json();
        const byRecovery = await h.request("/api/v1/auth/login/2fa", {
          json: { challengeToken: again.challengeToken, code: recoveryCodes[0] },
        });
        expect(byRecovery.status).toBe(200);
        const third = await (
          await h.request("/api/v1/auth/login", {
            json: { identifier: "twofactor", password: GOOD_PASSWORD },
          })
        ).json();
        expect(
          (
            await h.request("/api/v1/auth/login/2fa", {
              json: { challengeToken: third.challengeToken, code: recoveryCodes[0] },
            })
          ).status,
        ).toBe(401);

        const noPassword = await h.request("/api/v1/auth/2fa/disable", {
          json: { password: "WrongPass123!", code: recoveryCodes[1] },
          token: a.accessToken,
        });
        expect(noPassword.status).toBe(400);
        h.advance(30_000);
        const off = await h.request("/api/v1/auth/2fa/disable", {
          json: { password: GOOD_PASSWORD, code: totpAt(enrol.secret, h.now()) },
          token: a.accessToken,
        });
        expect(off.status).toBe(204);
        const plain = await (
          await h.request("/api/v1/auth/login", {
            json: { identifier: "twofactor", password: GOOD_PASSWORD },
          })
        ).json();
        expect(plain.status).toBe("authenticated");
      });

      test("a challenge dies after five wrong codes", async () => {
        const a = await h.register("guesser");
        const { secret } = await (
          await h.request("/api/v1/auth/2fa/enroll", { method: "POST", token: a.accessToken })
        ).json();
        await h.request("/api/v1/auth/2fa/confirm", {
          json: { code: totpAt(secret, h.now()) },
          token: a.accessToken,
        });
        h.advance(30_000);
        const { challengeToken } = await (
          await h.request("/api/v1/auth/login", { json: { identifier: "guesser", password: GOOD_PASSWORD } })
        ).json();
        for (let i = 0; i < 5; i++)
          expect(
            (await h.request("/api/v1/auth/login/2fa", { json: { challengeToken, code: "000000" } })).status,
          ).toBe(401);
        const right = await h.request("/api/v1/auth/login/2fa", {
          json: { challengeToken, code: totpAt(secret, h.now()) },
        });
        expect(right.status).toBe(401);
        expect((await right.json()).detail).toContain("challenge");
      });
    });
  });
}
