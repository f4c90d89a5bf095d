import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GOOD_PASSWORD, type IdentityHarness, startIdentity } from "./support/identity-harness.ts";

const WRONG = "WrongPass123!";

// Finding 7 of issue 15: five wrong passwords locked any username for 15 minutes, even for its
// owner with the right password — anyone could lock anyone out.
describe("login protection that strangers cannot turn against the owner", () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentity("pglite", { LOGIN_ACCOUNT_FAILURE_LIMIT: "12" });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  const login = (identifier: string, ip: string, password = GOOD_PASSWORD, deviceToken?: string) =>
    h.request("/api/v1/auth/login", {
      json: { identifier, password, ...(deviceToken ? { deviceToken } : {}) },
      ip,
    });

  test("a stranger's wrong passwords slow the stranger down, not the owner", async () => {
    await h.register("victim1");
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login("victim1", "203.0.113.66", WRONG)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The owner, elsewhere, with the right password: in at once.
    expect((await login("victim1", "198.51.100.7")).status).toBe(200);
  });

  test("the stranger's delay grows with each failure and lapses after Retry-After", async () => {
    await h.register("victim2");
    const ip = "203.0.113.67";
    for (let i = 0; i < 5; i++) await login("victim2", ip, WRONG);
    const first = await login("victim2", ip, WRONG);
    expect(first.status).toBe(429);
    expect(Number(first.headers.get("retry-after"))).toBe(1);
    h.advance(1_001);
    expect((await login("victim2", ip, WRONG)).status).toBe(401); // the 6th failure: now 2 s
    const second = await login("victim2", ip, WRONG);
    expect(Number(second.headers.get("retry-after"))).toBe(2);
    h.advance(2_001);
    // The right password after the delay works even from the stranger's address.
    expect((await login("victim2", ip)).status).toBe(200);
  });

  test("failures from many addresses throttle new devices, but a device the owner used before gets in", async () => {
    const res = await h.request("/api/v1/auth/register", {
      json: { email: "victim3@example.com", password: GOOD_PASSWORD, username: "victim3" },
      ip: "198.51.100.30",
    });
    const { tokens } = (await res.json()) as { tokens: { deviceToken?: string } };
    expect(typeof tokens.deviceToken).toBe("string");
    // A botnet: 12 addresses, one wrong password each (each address stays under its own limit).
    for (let i = 0; i < 12; i++) expect((await login("victim3", `192.0.2.${i + 1}`, WRONG)).status).toBe(401);
    // A new device, even with the right password, now waits.
    const newDevice = await login("victim3", "198.51.100.31");
    expect(newDevice.status).toBe(429);
    expect(Number(newDevice.headers.get("retry-after"))).toBeGreaterThan(0);
    // The owner's known device is not affected, from any address.
    expect((await login("victim3", "198.51.100.32", GOOD_PASSWORD, tokens.deviceToken)).status).toBe(200);
  });

  test("a device token only counts for its own account, and a forged one is an unknown device", async () => {
    const a = await h.request("/api/v1/auth/register", {
      json: { email: "holder@example.com", password: GOOD_PASSWORD, username: "holder4" },
      ip: "198.51.100.40",
    });
    const own = ((await a.json()) as { tokens: { deviceToken: string } }).tokens.deviceToken;
    await h.register("victim4");
    for (let i = 0; i < 12; i++) await login("victim4", `192.0.2.${i + 101}`, WRONG);
    expect((await login("victim4", "198.51.100.41", GOOD_PASSWORD, own)).status).toBe(429);
    expect((await login("victim4", "198.51.100.41", GOOD_PASSWORD, `${own.slice(0, -4)}AAAA`)).status).toBe(
      429,
    );
  });

  test("the same answer and the same password work for unknown and known accounts (no enumeration)", async () => {
    let verifies = 0;
    let dummies = 0;
    const real = h.ctx.passwords;
    Object.assign(h.ctx, {
      passwords: {
        ...real,
        verify: (p: string, s: string) => {
          verifies++;
          return real.verify(p, s);
        },
        verifyDummy: (p: string) => {
          dummies++;
          return real.verifyDummy(p);
        },
      },
    });
    try {
      await h.register("known5");
      const known = await login("known5", "198.51.100.50", WRONG);
      const unknown = await login("nobody5", "198.51.100.50", WRONG);
      expect([known.status, unknown.status]).toEqual([401, 401]);
      const [kb, ub] = [await known.json(), await unknown.json()];
      expect(kb.detail).toBe(ub.detail);
      // Both paths pay for one argon2id verification.
      expect([verifies, dummies]).toEqual([1, 1]);
    } finally {
      Object.assign(h.ctx, { passwords: real });
    }
  });
});
