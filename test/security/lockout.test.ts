/**
 * Family 7 — lockout turned against the owner: five wrong passwords from a stranger's address
 * must not stop the owner signing in with the right password from the device they registered
 * with: same address, user agent and device name, and the device token identity handed out with
 * the registration's token pair when it hands one out.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { attack, breaches } from "./support/attack.ts";
import { jsonOf, send } from "./support/http-client.ts";
import { freshIp, newMember } from "./support/members.ts";
import { system, url } from "./support/system.ts";

const FAMILY = "lockout";

beforeAll(async () => {
  await system();
}, 240_000);

describe("strangers cannot lock the owner out", () => {
  test("five wrong passwords from an attacker, then the owner signs in from a known device", async () => {
    const owner = await newMember("owner", "owner phone");
    const attacker = freshIp();
    const result = await attack(
      FAMILY,
      "5 wrong passwords from another IP, owner logs in from a known device",
      async () => {
        const wrong: number[] = [];
        for (let i = 0; i < 5; i++) {
          const r = await send(url("identity-service", "/api/v1/auth/login"), {
            json: { identifier: owner.username, password: `Wrong-${i}-Pass!` },
            from: attacker,
            headers: { "user-agent": "attacker/1.0" },
          });
          wrong.push(r.status);
        }
        const r = await send(url("identity-service", "/api/v1/auth/login"), {
          json: {
            identifier: owner.username,
            password: owner.password,
            deviceName: "owner phone",
            ...(owner.deviceToken ? { deviceToken: owner.deviceToken } : {}),
          },
          from: owner.ip,
          headers: { "user-agent": owner.userAgent },
        });
        const status = jsonOf<{ status?: string }>(r)?.status;
        return {
          held: r.status === 200 && status === "authenticated" && !wrong.some((s) => s >= 500),
          why: `attacker got ${wrong.join(",")}; owner got HTTP ${r.status} ${r.text.slice(0, 140)}`,
        };
      },
    );
    expect(breaches([result])).toEqual([]);
  }, 60_000);
});
