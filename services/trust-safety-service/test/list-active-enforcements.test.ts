import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import { connectCode } from "@nova/testing";
import { liftExpiredActions } from "../src/domain/lift-expired-actions.ts";
import { startTrustSafety, type TrustSafetyHarness } from "./support/ts-harness.ts";

let h: TrustSafetyHarness;
beforeAll(async () => {
  h = await startTrustSafety();
});
afterAll(() => h.close());

/** A report on `subject` and a moderator's action on its case; the action's id. */
async function enforce(
  subject: { subjectType: string; subjectId: string },
  action: Record<string, unknown>,
): Promise<string> {
  const reporter = await h.user();
  const mod = await h.staff("moderator");
  const { body: r } = await h.json("/api/v1/reports", "POST", reporter.token, { ...subject, reason: "spam" });
  const res = await h.json(`/api/v1/moderation/cases/${r.caseId}/actions`, "POST", mod.token, action);
  expect(res.status).toBe(201);
  return res.body.actionId;
}

describe("ListActiveEnforcements (internal, search-service only)", () => {
  const inForce: string[] = [];
  let author: { id: string };
  let limited: { id: string };
  let post: string;
  let lifted: string;

  beforeAll(async () => {
    author = await h.user();
    limited = await h.user();
    post = crypto.randomUUID();
    h.posts.set(post, author.id);
    inForce.push(await enforce({ subjectType: "post", subjectId: post }, { action: "hide", reason: "spam" }));
    inForce.push(
      await enforce(
        { subjectType: "account", subjectId: limited.id },
        { action: "suspend", reason: "abuse", durationHours: 72 },
      ),
    );
    for (let i = 0; i < 3; i++) {
      const other = await h.user();
      inForce.push(
        await enforce(
          { subjectType: "account", subjectId: other.id },
          { action: "ban", reason: "spam ring" },
        ),
      );
    }
    // A one-hour limit that has run out: lifted, so no longer listed.
    const expiring = await h.user();
    lifted = await enforce(
      { subjectType: "account", subjectId: expiring.id },
      { action: "limit", reason: "spammy", durationHours: 1 },
    );
    const realClock = h.ctx.clock;
    (h.ctx as { clock: () => Date }).clock = () => new Date(Date.now() + 2 * 3_600_000);
    try {
      expect(await liftExpiredActions(h.ctx)).toBeGreaterThanOrEqual(1);
    } finally {
      (h.ctx as { clock: () => Date }).clock = realClock;
    }
    // A dismissed report is no action in force either.
    const reporter = await h.user();
    const mod = await h.staff("moderator");
    const { body: r } = await h.json("/api/v1/reports", "POST", reporter.token, {
      subjectType: "account",
      subjectId: author.id,
      reason: "spam",
    });
    const dismissed = await h.json(`/api/v1/moderation/cases/${r.caseId}/actions`, "POST", mod.token, {
      action: "dismiss",
      reason: "fine",
    });
    expect(dismissed.status).toBeLessThan(300);
  });

  const rpc = () => h.rpc(TrustSafetyService, "search-service");

  test("pages through the actions in force in id order, lifted and dismissed ones left out", async () => {
    const seen: string[] = [];
    let cursor = "";
    let pages = 0;
    do {
      const res = await rpc().listActiveEnforcements({ pageSize: 2, cursor });
      expect(res.enforcements.length).toBeLessThanOrEqual(2);
      seen.push(...res.enforcements.map((e) => e.actionId));
      cursor = res.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...inForce].sort());
    expect(seen).not.toContain(lifted);

    const all = (await rpc().listActiveEnforcements({})).enforcements;
    const hide = all.find((e) => e.subjectId === post);
    expect(hide).toMatchObject({ subjectType: "post", subjectAccountId: author.id, action: "hide" });
    const suspension = all.find((e) => e.subjectId === limited.id);
    expect(suspension).toMatchObject({
      subjectType: "account",
      subjectAccountId: limited.id,
      action: "suspend",
    });
    // `since` is when it took effect, `expiresAt` when it lifts by itself (72 hours later); a ban has none.
    if (!suspension?.since || !suspension.expiresAt) throw new Error("since/expiresAt missing");
    expect(timestampDate(suspension.expiresAt).getTime() - timestampDate(suspension.since).getTime()).toBe(
      72 * 3_600_000,
    );
    expect(all.filter((e) => e.action === "ban").every((e) => e.since && !e.expiresAt)).toBe(true);
  });

  test("only search-service may call it: other services PermissionDenied, an end-user token alone or no credential Unauthenticated", async () => {
    const user = await h.user();
    expect(
      await connectCode(() => h.rpc(TrustSafetyService, "content-service").listActiveEnforcements({})),
    ).toBe(Code.PermissionDenied);
    expect(
      await connectCode(() => h.rpc(TrustSafetyService, "identity-service").listActiveEnforcements({})),
    ).toBe(Code.PermissionDenied);
    expect(
      await connectCode(() =>
        h.rpc(TrustSafetyService, { service: null, token: user.token }).listActiveEnforcements({}),
      ),
    ).toBe(Code.Unauthenticated);
    expect(await connectCode(() => h.rpc(TrustSafetyService, null).listActiveEnforcements({}))).toBe(
      Code.Unauthenticated,
    );
  });

  test("bad page arguments are INVALID_ARGUMENT", async () => {
    expect(await connectCode(() => rpc().listActiveEnforcements({ pageSize: 5000 }))).toBe(
      Code.InvalidArgument,
    );
    expect(await connectCode(() => rpc().listActiveEnforcements({ cursor: "bm90LWEtdXVpZA" }))).toBe(
      Code.InvalidArgument,
    );
  });
});
