import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  AppealDecidedSchema,
  EnforcementChangedSchema,
} from "@nova/proto/trust_safety/v1/enforcement-events";
import { startTrustSafety, type TrustSafetyHarness } from "./support/ts-harness.ts";

let h: TrustSafetyHarness;
beforeAll(async () => {
  h = await startTrustSafety();
});
afterAll(() => h.close());

const report = (token: string, body: Record<string, unknown>) =>
  h.json("/api/v1/reports", "POST", token, body);
const queue = (token: string, qs = "") => h.json(`/api/v1/moderation/queue${qs}`, "GET", token);
const act = (token: string, caseId: string, body: Record<string, unknown>) =>
  h.json(`/api/v1/moderation/cases/${caseId}/actions`, "POST", token, body);

async function postBy(author: string) {
  const id = crypto.randomUUID();
  h.posts.set(id, author);
  return id;
}

describe("reports and cases", () => {
  test("reports on one subject group into one case; priority is severity × Σ reporter trust", async () => {
    const alice = await h.user();
    const [bob, carol, dave] = [await h.user(), await h.user(), await h.user()];
    const mod = await h.staff("moderator");
    const postId = await postBy(alice.id);
    const r1 = await report(bob.token, { subjectType: "post", subjectId: postId, reason: "spam" });
    expect(r1.status).toBe(201);
    expect(r1.body.status).toBe("open");
    const r2 = await report(carol.token, {
      subjectType: "post",
      subjectId: postId,
      reason: "harassment",
      comment: "mean",
    });
    expect(r2.body.caseId).toBe(r1.body.caseId);
    // One report per reporter per subject.
    expect((await report(bob.token, { subjectType: "post", subjectId: postId, reason: "hate" })).status).toBe(
      409,
    );
    // Another subject with one severe report.
    const other = await postBy(alice.id);
    await report(dave.token, { subjectType: "post", subjectId: other, reason: "violence" });
    const q = await queue(mod.token);
    expect(q.status).toBe(200);
    const mine = q.body.items.filter(
      (c: { subjectId: string }) => c.subjectId === postId || c.subjectId === other,
    );
    expect(mine).toHaveLength(2);
    const grouped = mine.find((c: { subjectId: string }) => c.subjectId === postId);
    expect(grouped).toMatchObject({
      kind: "report",
      reportCount: 2,
      severity: 3,
      priority: 6,
      subjectAccountId: alice.id,
    });
    expect(grouped.reasons.sort()).toEqual(["harassment", "spam"]);
    expect(grouped.overSla).toBe(false);
    const severe = mine.find((c: { subjectId: string }) => c.subjectId === other);
    expect(severe.priority).toBe(5);
    // By priority: the two-report case (6) before the single violence report (5).
    const order = q.body.items.map((c: { subjectId: string }) => c.subjectId);
    expect(order.indexOf(postId)).toBeLessThan(order.indexOf(other));
    // Filter by reason.
    const spamOnly = await queue(mod.token, "?reason=violence");
    expect(spamOnly.body.items.map((c: { subjectId: string }) => c.subjectId)).toContain(other);
    expect(spamOnly.body.items.map((c: { subjectId: string }) => c.subjectId)).not.toContain(postId);
    // Reporters see their reports.
    const mineList = await h.json("/api/v1/reports/mine", "GET", bob.token);
    expect(mineList.body.items.map((r: { subjectId: string }) => r.subjectId)).toContain(postId);
  });

  test("bad reports change nothing: 400 naming the field, 404 for an unknown post, self-reports refused", async () => {
    const bob = await h.user();
    expect((await report(bob.token, { subjectType: "post", subjectId: "nope", reason: "spam" })).status).toBe(
      400,
    );
    expect(
      (await report(bob.token, { subjectType: "post", subjectId: crypto.randomUUID(), reason: "spam" }))
        .status,
    ).toBe(404);
    const own = await postBy(bob.id);
    expect((await report(bob.token, { subjectType: "post", subjectId: own, reason: "spam" })).status).toBe(
      400,
    );
    expect(
      (
        await report(bob.token, {
          subjectType: "message",
          subjectId: crypto.randomUUID(),
          reason: "harassment",
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await h.json("/api/v1/reports", "POST", undefined, {
          subjectType: "account",
          subjectId: bob.id,
          reason: "spam",
        })
      ).status,
    ).toBe(401);
  });

  test("a message report carries the reporter's decrypted copy to the moderator", async () => {
    const [bob, eve] = [await h.user(), await h.user()];
    const mod = await h.staff("moderator");
    const messageId = crypto.randomUUID();
    const r = await report(bob.token, {
      subjectType: "message",
      subjectId: messageId,
      reason: "harassment",
      messageCopy: "you will regret this",
      messageSenderId: eve.id,
    });
    expect(r.status).toBe(201);
    const q = await queue(mod.token);
    expect(q.body.items.find((c: { subjectId: string }) => c.subjectId === messageId)?.subjectAccountId).toBe(
      eve.id,
    );
  });

  test("ordinary accounts get 403 on every moderator route; anonymous 401", async () => {
    const bob = await h.user();
    const caseId = crypto.randomUUID();
    expect((await queue(bob.token)).status).toBe(403);
    expect((await h.json("/api/v1/moderation/audit", "GET", bob.token)).status).toBe(403);
    expect((await act(bob.token, caseId, { action: "remove", reason: "x" })).status).toBe(403);
    expect((await h.json(`/api/v1/moderation/cases/${caseId}/assign`, "POST", bob.token, {})).status).toBe(
      403,
    );
    expect((await h.json("/api/v1/moderation/stats", "GET", (await h.staff("moderator")).token)).status).toBe(
      403,
    );
    expect((await h.json("/api/v1/moderation/queue", "GET", undefined)).status).toBe(401);
  });
});

describe("actions, enforcement events, audit, appeals", () => {
  test("remove → EnforcementChanged; appeal → case; the same moderator may not decide; overturn lifts it", async () => {
    const alice = await h.user();
    const bob = await h.user();
    const [mod1, mod2] = [await h.staff("moderator"), await h.staff("moderator")];
    const postId = await postBy(alice.id);
    const { body: r } = await report(bob.token, { subjectType: "post", subjectId: postId, reason: "hate" });
    expect(
      (await h.json(`/api/v1/moderation/cases/${r.caseId}/assign`, "POST", mod1.token, {})).body.assigneeId,
    ).toBe(mod1.id);
    // Invalid action input changes nothing.
    expect((await act(mod1.token, r.caseId, { action: "remove" })).status).toBe(400);
    expect((await act(mod1.token, r.caseId, { action: "overturn", reason: "x" })).status).toBe(400);
    const removed = await act(mod1.token, r.caseId, {
      action: "remove",
      reason: "hate speech",
      notifyUser: true,
    });
    expect(removed.status).toBe(201);
    expect(removed.body).toMatchObject({
      action: "remove",
      subjectType: "post",
      subjectId: postId,
      active: true,
    });
    expect((await act(mod1.token, r.caseId, { action: "remove", reason: "again" })).status).toBe(412);
    const events = await h.enqueued(EnforcementChangedSchema, alice.id);
    expect(events.at(-1)).toMatchObject({
      actionId: removed.body.actionId,
      subjectType: "post",
      subjectId: postId,
      subjectAccountId: alice.id,
      action: "remove",
      active: true,
      reason: "hate speech",
      notifyUser: true,
    });
    expect(
      (await h.json("/api/v1/reports/mine", "GET", bob.token)).body.items.find(
        (x: { subjectId: string }) => x.subjectId === postId,
      ).status,
    ).toBe("actioned");

    // Only the affected account may appeal; once.
    expect(
      (
        await h.json("/api/v1/appeals", "POST", bob.token, {
          actionId: removed.body.actionId,
          statement: "x",
        })
      ).status,
    ).toBe(404);
    const appeal = await h.json("/api/v1/appeals", "POST", alice.token, {
      actionId: removed.body.actionId,
      statement: "it was satire",
    });
    expect(appeal.status).toBe(201);
    expect(
      (
        await h.json("/api/v1/appeals", "POST", alice.token, {
          actionId: removed.body.actionId,
          statement: "again",
        })
      ).status,
    ).toBe(409);
    const appealCase = (await queue(mod2.token, "?kind=appeal")).body.items.find(
      (c: { id: string }) => c.id === appeal.body.caseId,
    );
    expect(appealCase).toMatchObject({ kind: "appeal", subjectId: postId, appealId: appeal.body.appealId });
    // The acting moderator may not decide the appeal, and appeal cases take overturn/uphold only.
    expect((await act(mod1.token, appeal.body.caseId, { action: "overturn", reason: "mine" })).status).toBe(
      403,
    );
    expect((await act(mod2.token, appeal.body.caseId, { action: "remove", reason: "x" })).status).toBe(400);
    const overturned = await act(mod2.token, appeal.body.caseId, {
      action: "overturn",
      reason: "satire is allowed",
    });
    expect(overturned.status).toBe(201);
    const after = await h.enqueued(EnforcementChangedSchema, alice.id);
    expect(after.at(-1)).toMatchObject({ actionId: removed.body.actionId, action: "remove", active: false });
    const decided = await h.enqueued(AppealDecidedSchema, alice.id);
    expect(decided.at(-1)).toMatchObject({
      appealId: appeal.body.appealId,
      outcome: "overturn",
      accountId: alice.id,
    });
    // A lifted action can no longer be appealed.
    expect(
      (
        await h.json("/api/v1/appeals", "POST", alice.token, {
          actionId: removed.body.actionId,
          statement: "x",
        })
      ).status,
    ).toBe(412);

    // The audit log holds every step with who and why.
    const audit = await h.json(`/api/v1/moderation/audit?limit=200`, "GET", mod2.token);
    const steps = audit.body.items
      .filter((a: { caseId: string | null }) => [r.caseId, appeal.body.caseId].includes(a.caseId ?? ""))
      .map(
        (a: { verb: string; actor: string; reason: string | null }) =>
          `${a.verb}:${a.actor === mod1.id ? "mod1" : a.actor === mod2.id ? "mod2" : a.actor === alice.id ? "alice" : a.actor === bob.id ? "bob" : a.actor}:${a.reason}`,
      )
      .reverse();
    expect(steps).toEqual([
      "report.filed:bob:hate",
      "case.assigned:mod1:null",
      "action.remove:mod1:hate speech",
      "appeal.filed:alice:it was satire",
      "action.overturn:mod2:satire is allowed",
    ]);
  });

  test("suspend targets the subject's account with a duration; uphold keeps it; stats count it (admin)", async () => {
    const alice = await h.user();
    const bob = await h.user();
    const [mod1, mod2, admin] = [
      await h.staff("moderator"),
      await h.staff("moderator"),
      await h.staff("admin"),
    ];
    const postId = await postBy(alice.id);
    const { body: r } = await report(bob.token, {
      subjectType: "post",
      subjectId: postId,
      reason: "harassment",
    });
    const s = await act(mod1.token, r.caseId, {
      action: "suspend",
      reason: "repeated harassment",
      durationHours: 72,
    });
    expect(s.body).toMatchObject({
      action: "suspend",
      subjectType: "account",
      subjectId: alice.id,
      active: true,
    });
    expect(new Date(s.body.expiresAt).getTime() - new Date(s.body.createdAt).getTime()).toBe(72 * 3_600_000);
    const appeal = await h.json("/api/v1/appeals", "POST", alice.token, {
      actionId: s.body.actionId,
      statement: "sorry",
    });
    await act(mod2.token, appeal.body.caseId, { action: "uphold", reason: "clear pattern" });
    const decided = await h.enqueued(AppealDecidedSchema, alice.id);
    expect(decided.at(-1)).toMatchObject({ outcome: "uphold" });
    const last = (await h.enqueued(EnforcementChangedSchema, alice.id)).at(-1);
    expect(last).toMatchObject({ action: "suspend", active: true });
    const stats = await h.json("/api/v1/moderation/stats", "GET", admin.token);
    expect(stats.status).toBe(200);
    expect(
      stats.body.actionsPerWeek.some(
        (w: { action: string; reason: string }) =>
          w.action === "suspend" && w.reason === "repeated harassment",
      ),
    ).toBe(true);
    expect(stats.body.appeals.upheld).toBeGreaterThanOrEqual(1);
    expect(stats.body.medianSecondsToFirstAction).not.toBeNull();
  });

  test("an expired action is lifted by the sweeper (EnforcementChanged active=false, audited)", async () => {
    const { liftExpiredActions } = await import("../src/domain/lift-expired-actions.ts");
    const alice = await h.user();
    const bob = await h.user();
    const mod = await h.staff("moderator");
    const { body: r } = await report(bob.token, {
      subjectType: "account",
      subjectId: alice.id,
      reason: "spam",
    });
    const s = await act(mod.token, r.caseId, { action: "limit", reason: "spammy", durationHours: 1 });
    const realClock = h.ctx.clock;
    (h.ctx as { clock: () => Date }).clock = () => new Date(Date.now() + 2 * 3_600_000);
    try {
      expect(await liftExpiredActions(h.ctx)).toBeGreaterThanOrEqual(1);
    } finally {
      (h.ctx as { clock: () => Date }).clock = realClock;
    }
    expect((await h.enqueued(EnforcementChangedSchema, alice.id)).at(-1)).toMatchObject({
      actionId: s.body.actionId,
      active: false,
    });
  });
});

describe("Check RPC", () => {
  test("reject records the reasons; hold opens a case in the queue; only writer services may call", async () => {
    const alice = await h.user();
    const mod = await h.staff("moderator");
    const rpc = h.tsRpc("content-service");
    const rejected = await rpc.check({
      accountId: alice.id,
      subjectType: "post",
      subjectId: crypto.randomUUID(),
      text: "buy f0ll0wers now",
    });
    expect(rejected).toMatchObject({ decision: "reject", reasonCode: "blocked_phrase" });
    const postId = crypto.randomUUID();
    const held = await rpc.check({
      accountId: alice.id,
      subjectType: "post",
      subjectId: postId,
      text: `so many friends ${Array.from({ length: 9 }, (_, i) => `@u${i}`).join(" ")}`,
    });
    // mention_flood rejects by default; a new account linking is held.
    expect(held.decision).toBe("reject");
    const linkPost = crypto.randomUUID();
    const heldLink = await rpc.check({
      accountId: alice.id,
      subjectType: "post",
      subjectId: linkPost,
      text: "my new site example.org",
      accountCreatedAt: { seconds: BigInt(Math.floor(Date.now() / 1000) - 60), nanos: 0 } as never,
    });
    expect(heldLink).toMatchObject({ decision: "hold", reasonCode: "new_account_links" });
    // Without account_created_at, identity says how old the account is.
    const fresh = await h.user();
    h.created.set(fresh.id, new Date(Date.now() - 60_000));
    const asked = await rpc.check({
      accountId: fresh.id,
      subjectType: "post",
      subjectId: crypto.randomUUID(),
      text: "my site example.org",
    });
    expect(asked).toMatchObject({ decision: "hold", reasonCode: "new_account_links" });
    const old = await h.user();
    expect(
      (
        await rpc.check({
          accountId: old.id,
          subjectType: "post",
          subjectId: crypto.randomUUID(),
          text: "my site example.org",
        })
      ).decision,
    ).toBe("allow");
    expect(heldLink.caseId).not.toBe("");
    const q = await queue(mod.token, "?kind=auto_hold");
    expect(q.body.items.find((c: { id: string }) => c.id === heldLink.caseId)).toMatchObject({
      subjectId: linkPost,
      subjectAccountId: alice.id,
    });
    await expect(
      h.tsRpc("feed-service").check({ accountId: alice.id, subjectType: "post", subjectId: "x", text: "hi" }),
    ).rejects.toThrow();
    // Dismissing the hold releases the post: a lifted "hide" for content-service.
    const dismissed = await act(mod.token, heldLink.caseId, { action: "dismiss", reason: "legit site" });
    expect(dismissed.body.action).toBe("dismiss");
    const ev = (await h.enqueued(EnforcementChangedSchema, alice.id)).at(-1);
    expect(ev).toMatchObject({ subjectType: "post", subjectId: linkPost, action: "hide", active: false });
  });
});

test("GraphQL: report for everyone, the queue for staff only", async () => {
  const alice = await h.user();
  const bob = await h.user();
  const mod = await h.staff("moderator");
  const res = await h.graphql<{ data?: { report?: { status: string } }; errors?: unknown[] }>(
    `mutation($i: ReportInput!) { report(input: $i) { status caseId } }`,
    { i: { subjectType: "account", subjectId: alice.id, reason: "spam" } },
    bob.token,
  );
  expect(res.data?.report?.status).toBe("open");
  const denied = await h.graphql<{ errors?: { extensions?: { code?: string } }[] }>(
    `{ moderationQueue { id } }`,
    {},
    bob.token,
  );
  expect(denied.errors?.[0]?.extensions?.code).toBe("PERMISSION_DENIED");
  const ok = await h.graphql<{ data?: { moderationQueue: { subjectId: string }[] } }>(
    `{ moderationQueue(limit: 100) { subjectId priority } }`,
    {},
    mod.token,
  );
  expect(ok.data?.moderationQueue.map((c) => c.subjectId)).toContain(alice.id);
});

test("ExportAccountData: the account's reports, actions on it and appeals (identity-service only)", async () => {
  const bob = await h.user();
  const alice = await h.user();
  await report(bob.token, { subjectType: "account", subjectId: alice.id, reason: "other", comment: "hmm" });
  const out = await h.tsRpc("identity-service").exportAccountData({ accountId: bob.id });
  const json = JSON.stringify(out.data);
  expect(json).toContain(alice.id);
  await expect(h.tsRpc("content-service").exportAccountData({ accountId: bob.id })).rejects.toThrow();
});

test("AccountDeleted (twice: the sweep) erases the account's reports and appeal statements, idempotently", async () => {
  const { handleAccountEvent } = await import("../src/events/subscribe-to-account-events.ts");
  const { create } = await import("@bufbuild/protobuf");
  const { anyPack, timestampFromDate } = await import("@bufbuild/protobuf/wkt");
  const { EventEnvelopeSchema } = await import("@nova/proto/events/v1");
  const { AccountDeletedSchema } = await import("@nova/proto/identity/v1");
  const { serviceTopic } = await import("@nova/events");
  const leaving = await h.user();
  const target = await h.user();
  await report(leaving.token, {
    subjectType: "account",
    subjectId: target.id,
    reason: "spam",
    comment: "private words",
  });
  expect((await h.json("/api/v1/reports/mine", "GET", leaving.token)).body.items).toHaveLength(1);
  const handle = handleAccountEvent(h.ctx);
  for (const sweep of [false, true]) {
    const id = Bun.randomUUIDv7();
    const payload = create(AccountDeletedSchema, {
      accountId: leaving.id,
      deletedAt: timestampFromDate(new Date()),
      sweep,
    });
    await handle({
      id,
      type: AccountDeletedSchema.typeName,
      aggregateId: leaving.id,
      occurredAt: new Date(),
      traceparent: undefined,
      source: "identity-service",
      topic: serviceTopic("identity-service"),
      headers: {},
      envelope: create(EventEnvelopeSchema, {
        id,
        type: AccountDeletedSchema.typeName,
        aggregateId: leaving.id,
        occurredAt: timestampFromDate(new Date()),
        payload: anyPack(AccountDeletedSchema, payload),
        source: "identity-service",
      }),
      attempt: 1,
    });
  }
  expect((await h.json("/api/v1/reports/mine", "GET", leaving.token)).body.items).toEqual([]);
  const out = await h.tsRpc("identity-service").exportAccountData({ accountId: leaving.id });
  expect(JSON.stringify(out.data)).not.toContain("private words");
});
