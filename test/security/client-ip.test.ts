/**
 * Family 4 — `X-Forwarded-For` spoofing straight at identity-service: the session must record the
 * real peer (a valid address, never the header's text), and rotating the header must not escape
 * the per-IP login limit.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { isIP } from "node:net";
import { attack, breaches } from "./support/attack.ts";
import { jsonOf, send } from "./support/http-client.ts";
import { freshIp, freshUsername, newMember } from "./support/members.ts";
import { system, url } from "./support/system.ts";

const FAMILY = "client IP";

beforeAll(async () => {
  await system();
}, 240_000);

describe("X-Forwarded-For from an untrusted peer is not honoured", () => {
  test("the session records the real peer address, not the header", async () => {
    const m = await newMember("xff");
    const results = [];
    for (const spoof of ["<script>alert(1)</script>", "203.0.113.9", "10.0.0.1, 198.51.100.7"]) {
      results.push(
        await attack(FAMILY, `login with X-Forwarded-For: ${spoof}`, async () => {
          const login = await send(url("identity-service", "/api/v1/auth/login"), {
            json: { identifier: m.username, password: m.password, deviceName: "xff" },
            from: m.ip,
            headers: { "x-forwarded-for": spoof, "user-agent": m.userAgent },
          });
          const token = jsonOf<{ tokens?: { accessToken: string } }>(login)?.tokens?.accessToken;
          if (!token)
            return { held: false, why: `login failed: HTTP ${login.status} ${login.text.slice(0, 120)}` };
          const sessions = jsonOf<{ sessions: { ip: string; current: boolean }[] }>(
            await send(url("identity-service", "/api/v1/auth/sessions"), { token, from: m.ip }),
          );
          const ip = sessions?.sessions.find((s) => s.current)?.ip ?? "(none)";
          return {
            held: isIP(ip) !== 0 && ip === m.ip,
            why: `session ip ${JSON.stringify(ip)} (real peer ${m.ip})`,
          };
        }),
      );
    }
    expect(breaches(results)).toEqual([]);
  }, 60_000);

  test("rotating X-Forwarded-For does not escape the per-IP login limit", async () => {
    const attacker = freshIp();
    const result = await attack(
      FAMILY,
      "40 failed logins from one peer, each with a new X-Forwarded-For",
      async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) {
          const r = await send(url("identity-service", "/api/v1/auth/login"), {
            json: { identifier: freshUsername("nobody"), password: "WrongPass123!" },
            from: attacker,
            headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
          });
          statuses.push(r.status);
          if (r.status === 429 || r.status >= 500) break;
        }
        const limited = statuses.includes(429);
        return {
          held: limited && !statuses.some((s) => s >= 500),
          why: `${statuses.length} attempts, statuses ${[...new Set(statuses)].join(",")}${limited ? ` (429 after ${statuses.indexOf(429)})` : ", never limited"}`,
        };
      },
      60_000,
    );
    expect(breaches([result])).toEqual([]);
  }, 90_000);
});
