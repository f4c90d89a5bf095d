import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FakeTrustSafety } from "@nova/kit/testing";
import { type IdentityHarness, startIdentity } from "./support/identity-harness.ts";

// The sign-up username through trust-safety's Check (its rules are tested in trust-safety-service).
const register = (h: IdentityHarness, email: string, username: string) =>
  h.request("/api/v1/auth/register", { json: { email, password: "SecurePass123!", username } });

describe("sign-up usernames through trust-safety Check (fail mode reject, the default)", () => {
  let h: IdentityHarness;
  const ts = new FakeTrustSafety();
  beforeAll(async () => {
    h = await startIdentity("pglite", {}, { trustSafety: ts.client() });
  }, 30_000);
  afterAll(() => h?.close());

  test("reject → 422 with trust-safety's reasonCode, no account; whoever owns the address", async () => {
    ts.verdicts.set("buyfollowers", { decision: "reject", reasonCode: "blocked_phrase" });
    const res = await register(h, "new@example.com", "buyfollowers");
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: "unprocessable_content",
      reasonCode: "blocked_phrase",
      field: "username",
    });
    expect(ts.checked.at(-1)).toMatchObject({ subjectType: "username", text: "buyfollowers" });
    const { accountId, subjectId } = ts.checked.at(-1) ?? {};
    expect(accountId).toBe(subjectId as string);
    // The name is not taken: the refused sign-up stored nothing.
    ts.verdicts.delete("buyfollowers");
    expect((await register(h, "new@example.com", "buyfollowers")).status).toBe(201);
    // A taken address with a refused username is refused the same way (no address enumeration).
    ts.verdicts.set("buyfollowers2", { decision: "reject", reasonCode: "blocked_phrase" });
    expect((await register(h, "new@example.com", "buyfollowers2")).status).toBe(422);
  });

  test("hold → 422 held_for_review; label and allow register", async () => {
    ts.verdicts.set("dealsdealsdeals", { decision: "hold", reasonCode: "near_duplicate" });
    const held = await register(h, "held@example.com", "dealsdealsdeals");
    expect(held.status).toBe(422);
    expect(await held.json()).toMatchObject({
      reasonCode: "held_for_review",
      ruleReasonCode: "near_duplicate",
    });
    ts.verdicts.set("spoilerfan", { decision: "label", labels: ["spoiler"] });
    expect((await register(h, "label@example.com", "spoilerfan")).status).toBe(201);
  });

  test("trust-safety down → 503, nothing registered", async () => {
    ts.down = true;
    try {
      const res = await register(h, "down@example.com", "whiledown");
      expect(res.status).toBe(503);
    } finally {
      ts.down = false;
    }
    expect((await register(h, "down@example.com", "whiledown")).status).toBe(201);
  });
});

describe("sign-up usernames, USERNAME_CHECK_FAIL_MODE=allow", () => {
  let h: IdentityHarness;
  const ts = new FakeTrustSafety();
  beforeAll(async () => {
    h = await startIdentity("pglite", { USERNAME_CHECK_FAIL_MODE: "allow" }, { trustSafety: ts.client() });
  }, 30_000);
  afterAll(() => h?.close());

  test("trust-safety down → registered, and counted", async () => {
    ts.down = true;
    expect((await register(h, "allow@example.com", "unchecked")).status).toBe(201);
    const metric = await h.ctx.metrics.registry.getSingleMetric("moderation_check_unanswered_total")?.get();
    expect(metric?.values).toEqual([expect.objectContaining({ value: 1, labels: { fail_mode: "allow" } })]);
  });
});
