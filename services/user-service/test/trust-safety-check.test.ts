import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FakeTrustSafety } from "@nova/kit/testing";
import { ProfileUpdatedSchema } from "@nova/proto/user/v1";
import { FakeMediaService } from "./support/fake-media-service.ts";
import {
  body,
  jsonPatch,
  startUserService,
  type UserServiceHarness,
} from "./support/user-service-harness.ts";

// Profile text through trust-safety's Check (its rules are tested in trust-safety-service).
describe("profile changes through trust-safety Check (fail mode reject, the default)", () => {
  let h: UserServiceHarness;
  const ts = new FakeTrustSafety();
  beforeAll(async () => {
    h = await startUserService("pglite", new FakeMediaService(), ts);
  }, 30_000);
  afterAll(() => h?.close());

  const patch = (token: string, payload: unknown) => h.request("/api/v1/users/me", jsonPatch(payload, token));
  const me = async (token: string) => body(await h.request("/api/v1/users/me", { token }));
  const updatesOf = async (id: string) =>
    (await h.enqueued(ProfileUpdatedSchema)).filter((e) => e.profileId === id).length;

  test("reject → 422 with trust-safety's reasonCode, nothing saved, nothing announced", async () => {
    const ana = await h.seedUser("ana_ts");
    ts.verdicts.set("Buy Followers Here", { decision: "reject", reasonCode: "blocked_phrase" });
    const res = await patch(ana.token, { displayName: "Buy Followers Here", location: "Lisbon" });
    expect(res.status).toBe(422);
    expect(await body(res)).toMatchObject({ code: "unprocessable_content", reasonCode: "blocked_phrase" });
    const view = await me(ana.token);
    expect(view.displayName).toBe("");
    expect(view.location).toBeFalsy();
    expect(await updatesOf(ana.id)).toBe(0);
    // The acting account comes from the token, the subject type from the field.
    expect(ts.checked.at(-1)).toEqual({
      accountId: ana.id,
      subjectType: "display_name",
      subjectId: ana.id,
      text: "Buy Followers Here",
    });
  });

  test("hold → 422 held_for_review (a profile has no owner-only state), nothing saved", async () => {
    const bo = await h.seedUser("bo_ts");
    ts.verdicts.set("dm me for deals http://x.test", { decision: "hold", reasonCode: "new_account_links" });
    const res = await patch(bo.token, { bio: "dm me for deals http://x.test" });
    expect(res.status).toBe(422);
    expect(await body(res)).toMatchObject({
      reasonCode: "held_for_review",
      ruleReasonCode: "new_account_links",
    });
    expect((await me(bo.token)).bio).toBe("");
  });

  test("allow → saved; only changed text is checked, a username change as `username`", async () => {
    const cy = await h.seedUser("cy_ts");
    ts.verdicts.set("a labelled bio", { decision: "label", labels: ["spoiler"] });
    const before = ts.checked.length;
    const res = await patch(cy.token, { displayName: "Cy", bio: "a labelled bio", username: "cy_ts_2" });
    expect(res.status).toBe(200);
    expect(await me(cy.token)).toMatchObject({
      displayName: "Cy",
      bio: "a labelled bio",
      username: "cy_ts_2",
    });
    expect(
      ts.checked
        .slice(before)
        .map((c) => c.subjectType)
        .sort(),
    ).toEqual(["bio", "display_name", "username"]);
    // The same values again (plus an unchecked field): nothing new is submitted.
    const again = ts.checked.length;
    expect(
      (await patch(cy.token, { displayName: "Cy", bio: "a labelled bio", location: "Porto" })).status,
    ).toBe(200);
    expect(ts.checked.length).toBe(again);
  });

  test("trust-safety down → 503 (fail closed), nothing saved", async () => {
    const di = await h.seedUser("di_ts");
    ts.down = true;
    try {
      const res = await patch(di.token, { displayName: "Di" });
      expect(res.status).toBe(503);
      expect((await me(di.token)).displayName).toBe("");
      expect(await updatesOf(di.id)).toBe(0);
      // Fields trust-safety does not check still save while it is down.
      expect((await patch(di.token, { location: "Faro" })).status).toBe(200);
    } finally {
      ts.down = false;
    }
  });
});

describe("profile changes when trust-safety is down (PROFILE_CHECK_FAIL_MODE=allow)", () => {
  let h: UserServiceHarness;
  const ts = new FakeTrustSafety();
  beforeAll(async () => {
    h = await startUserService("pglite", new FakeMediaService(), ts, { PROFILE_CHECK_FAIL_MODE: "allow" });
  }, 30_000);
  afterAll(() => h?.close());

  test("saved, and counted as unanswered (never silent)", async () => {
    const ed = await h.seedUser("ed_ts");
    ts.down = true;
    const res = await h.request("/api/v1/users/me", jsonPatch({ bio: "saved unchecked" }, ed.token));
    expect(res.status).toBe(200);
    expect((await res.json()).bio).toBe("saved unchecked");
    const metrics = await h.ctx.metrics.registry.getSingleMetricAsString("moderation_check_unanswered_total");
    expect(metrics).toMatch(/moderation_check_unanswered_total\{fail_mode="allow"[^}]*\} 1$/m);
  });
});
