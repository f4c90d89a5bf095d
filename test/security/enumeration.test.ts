/**
 * Family 6 — account enumeration: registering with a taken email must look like a fresh
 * registration (same status, same body shape), and password-reset requests for known and unknown
 * addresses must answer alike and take similar time (medians of 10 within 2× — printed).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { attack, breaches } from "./support/attack.ts";
import { jsonOf, type Reply, send } from "./support/http-client.ts";
import { freshIp, freshUsername, newMember, PASSWORD } from "./support/members.ts";
import { system, url } from "./support/system.ts";

const FAMILY = "account enumeration";

beforeAll(async () => {
  await system();
}, 240_000);

/** The shape of a JSON value: its key paths with their types, values left out. */
function shape(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value))
    return [`${prefix}:array`, ...(value.length ? shape(value[0], `${prefix}[]`) : [])];
  if (value && typeof value === "object")
    return Object.entries(value)
      .flatMap(([k, v]) => shape(v, `${prefix}.${k}`))
      .sort();
  return [`${prefix}:${value === null ? "null" : typeof value}`];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

describe("no account enumeration at identity-service", () => {
  test("register with a taken email answers like a fresh registration", async () => {
    const owner = await newMember("taken");
    const register = (email: string) => {
      const username = freshUsername("enum");
      return send(url("identity-service", "/api/v1/auth/register"), {
        json: { email, password: PASSWORD, username },
        from: freshIp(),
      });
    };
    const result = await attack(FAMILY, "register with a taken email", async () => {
      const fresh = await register(`${freshUsername("fresh")}@example.com`);
      const taken = await register(owner.email);
      const a = shape(jsonOf(fresh));
      const b = shape(jsonOf(taken));
      const same = fresh.status === taken.status && JSON.stringify(a) === JSON.stringify(b);
      return {
        held: same && taken.status < 500,
        why: `fresh → ${fresh.status}, taken → ${taken.status} ${taken.text.slice(0, 140)}${same ? "" : " (different answers)"}`,
      };
    });
    expect(breaches([result])).toEqual([]);
  }, 60_000);

  test("password-reset requests: same answer and similar time for known and unknown addresses", async () => {
    const known = await Promise.all([newMember("reset"), newMember("reset")]);
    const result = await attack(
      FAMILY,
      "password reset for known vs unknown addresses",
      async () => {
        const ask = (email: string) =>
          send(url("identity-service", "/api/v1/auth/password/reset-request"), {
            json: { email },
            from: freshIp(),
          });
        const k: Reply[] = [];
        const u: Reply[] = [];
        // 20 pairs, the order alternating, so neither side always follows the other's deferred
        // work (the mail of a known address is sent after the answer, on the same database).
        for (let i = 0; i < 20; i++) {
          const knownAsk = () => ask((known[i % 2] ?? known[0]).email);
          const unknownAsk = () => ask(`${freshUsername("reset")}@example.com`);
          if (i % 2 === 0) {
            k.push(await knownAsk());
            u.push(await unknownAsk());
          } else {
            u.push(await unknownAsk());
            k.push(await knownAsk());
          }
        }
        const answers = new Set([...k, ...u].map((r) => `${r.status} ${r.text}`));
        const mk = median(k.map((r) => r.ms));
        const mu = median(u.map((r) => r.ms));
        const ratio = Math.max(mk, mu) / Math.max(0.001, Math.min(mk, mu));
        console.log(
          `password reset: median known ${mk.toFixed(1)} ms, unknown ${mu.toFixed(1)} ms, ratio ${ratio.toFixed(2)}`,
        );
        return {
          held: answers.size === 1 && ratio < 2 && !k.some((r) => r.status >= 500),
          why: `answers ${[...answers].join(" | ").slice(0, 200)}; medians known ${mk.toFixed(1)} ms / unknown ${mu.toFixed(1)} ms (ratio ${ratio.toFixed(2)}, bound 2)`,
        };
      },
      60_000,
    );
    expect(breaches([result])).toEqual([]);
  }, 90_000);
});
