import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MailMessage } from "@nova/mailer";
import { sql } from "drizzle-orm";
import { GOOD_PASSWORD, type IdentityHarness, startIdentity } from "./support/identity-harness.ts";

/** The keys and value types of a JSON value, recursively: what "the same body shape" means. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, shape(x)]),
    );
  return typeof v;
}

// Finding 6 of issue 15: register answered 409 "email is already registered", and reset requests
// for known addresses took ~4× as long as for unknown ones.
describe("account enumeration", () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentity("pglite");
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  const accounts = async (email: string) => {
    const r = await h.ctx.db.db.execute(
      sql`select count(*)::int as n from identity_service.accounts where email = ${email}`,
    );
    return Number((((r as unknown as { rows?: { n: number }[] }).rows ?? r) as { n: number }[])[0]?.n);
  };

  test("register with a taken email answers exactly like a success, creates nothing, and mails the owner", async () => {
    const owner = await h.register("enumowner");
    const fresh = await h.request("/api/v1/auth/register", {
      json: { email: "brand-new@example.com", password: GOOD_PASSWORD, username: "enumfresh" },
    });
    const taken = await h.request("/api/v1/auth/register", {
      json: { email: owner.email, password: "Another-Pass-987", username: "enumprobe" },
    });
    expect(taken.status).toBe(fresh.status);
    expect(taken.headers.get("content-type")).toBe(fresh.headers.get("content-type"));
    const [freshBody, takenBody] = [await fresh.json(), await taken.json()];
    expect(shape(takenBody)).toEqual(shape(freshBody));
    expect(takenBody.account).toMatchObject({
      email: owner.email,
      username: "enumprobe",
      emailVerified: false,
    });
    expect(takenBody.tokens.accessToken.split(".")).toHaveLength(3);
    expect(await accounts(owner.email)).toBe(1);
    // Its tokens open nothing.
    expect((await h.request("/api/v1/accounts/me", { token: takenBody.tokens.accessToken })).status).toBe(
      401,
    );
    expect(
      (await h.request("/api/v1/auth/refresh", { json: { refreshToken: takenBody.tokens.refreshToken } }))
        .status,
    ).toBe(401);
    // The owner hears of it; the owner's password still works, the prober's does not.
    const mails = (await h.mails()).filter((m) => m.to === owner.email);
    expect(mails.map((m) => m.subject)).toContain("Someone tried to sign up to Nova with your address");
    const login = (password: string) =>
      h.request("/api/v1/auth/login", { json: { identifier: owner.email, password } });
    expect((await login("Another-Pass-987")).status).toBe(401);
    expect((await login(GOOD_PASSWORD)).status).toBe(200);
  });

  test("GraphQL's register answers a taken email like a new one", async () => {
    const owner = await h.register("enumgql");
    const mutation =
      "mutation($input: RegisterInput!) { register(input: $input) { account { id email username } tokens { accessToken sessionId } } }";
    const taken = await h.graphql(mutation, {
      input: { email: owner.email, password: "Another-Pass-987", username: "enumgqlprobe" },
    });
    expect(taken.errors).toBeUndefined();
    expect(taken.data?.register).toMatchObject({ account: { email: owner.email, username: "enumgqlprobe" } });
    expect(await accounts(owner.email)).toBe(1);
  });

  test("a reset request does the same work for known and unknown addresses; the mail goes after the answer", async () => {
    const owner = await h.register("enumreset");
    // A mail server that takes 800 ms to accept a message: a request that waited for it would show it.
    const real = h.ctx.mailer;
    const sent: MailMessage[] = [];
    Object.assign(h.ctx, {
      mailer: {
        kind: real.kind,
        send: async (m: MailMessage) => {
          await Bun.sleep(800);
          sent.push(m);
          await real.send(m);
        },
      },
    });
    try {
      const timed = async (email: string) => {
        const t0 = performance.now();
        const res = await h.request("/api/v1/auth/password/reset-request", { json: { email } });
        return {
          status: res.status,
          body: await res.text(),
          ms: performance.now() - t0,
          sentSoFar: sent.length,
        };
      };
      const known = await timed(owner.email);
      const unknown = await timed("nobody-here@example.com");
      expect([known.status, unknown.status]).toEqual([202, 202]);
      expect(known.body).toBe(unknown.body);
      // The known address's answer came before its mail was handed to the server.
      expect(known.sentSoFar).toBe(0);
      expect(known.ms).toBeLessThan(800);
      expect(unknown.ms).toBeLessThan(800);
      const mails = (await h.mails()).filter((m) => m.to === owner.email && m.subject.includes("Reset"));
      expect(mails).toHaveLength(1);
      expect(sent.map((m) => m.to)).toEqual([owner.email]);
    } finally {
      Object.assign(h.ctx, { mailer: real });
    }
  });
});
