import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { create, fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { anyPack, anyUnpack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { serviceTopic } from "@nova/events";
import { CommentDeletedSchema } from "@nova/proto/content/v1";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { CheckResponseSchema } from "@nova/proto/trust_safety/v1";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../src/context.ts";
import { outbox } from "../src/db/schema/index.ts";
import type { ModerationHook } from "../src/domain/moderation-hook.ts";
import { recheckPendingComments, recheckPendingPosts } from "../src/domain/recheck-pending-posts.ts";
import { handleEnforcementEvent } from "../src/events/subscribe-to-enforcement-events.ts";
import { createTrustSafetyModeration, type TrustSafetyClient } from "../src/peers/trust-safety-moderation.ts";
import {
  body,
  type ContentHarness,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

/** trust-safety as the test wants it to answer: a verdict by text, or down. */
const verdicts = { down: false, byText: new Map<string, MessageInitShape<typeof CheckResponseSchema>>() };
const fakeTrustSafety = {
  check: async ({ text }: { text: string }) => {
    if (verdicts.down) throw new ConnectError("connection refused", Code.Unavailable);
    return create(CheckResponseSchema, verdicts.byText.get(text) ?? { decision: "allow" });
  },
} as unknown as TrustSafetyClient;

let h: ContentHarness;
let author: TestUser;
let reader: TestUser;
// The hook needs the context (config, metrics, log); it is built once the context exists.
let hook: ModerationHook | undefined;
const lateHook: ModerationHook = { review: (c) => (hook as ModerationHook).review(c) };

beforeAll(async () => {
  h = await startContentService("pglite", { overrides: { moderation: lateHook } });
  hook = createTrustSafetyModeration(h.ctx, fakeTrustSafety);
  author = await h.user("ts_author");
  reader = await h.user("ts_reader");
}, 60_000);
afterAll(() => h?.close());

const get = (id: string, token?: string) => h.request(`/api/v1/posts/${id}`, token ? { token } : {});

async function deliver(payload: MessageInitShape<typeof EnforcementChangedSchema>) {
  const id = Bun.randomUUIDv7();
  const envelope = create(EventEnvelopeSchema, {
    id,
    type: EnforcementChangedSchema.typeName,
    aggregateId: payload.subjectAccountId ?? "",
    occurredAt: timestampFromDate(new Date()),
    payload: anyPack(EnforcementChangedSchema, create(EnforcementChangedSchema, payload)),
    source: "trust-safety-service",
  });
  const event = {
    id,
    type: EnforcementChangedSchema.typeName,
    aggregateId: payload.subjectAccountId ?? "",
    occurredAt: new Date(),
    traceparent: undefined,
    source: "trust-safety-service",
    topic: serviceTopic("trust-safety-service"),
    headers: {},
    envelope,
    attempt: 1,
  };
  const handle = handleEnforcementEvent(h.ctx as ServiceContext);
  await handle(event);
  await handle(event); // redelivered: applied once
}

describe("Check on write", () => {
  test("reject → 422 with the reason code, nothing stored; comments too", async () => {
    verdicts.byText.set("buy f0ll0wers", {
      decision: "reject",
      reasonCode: "blocked_phrase",
      reasons: [{ rule: "blocked_phrase", action: "reject", detail: 'en: "buy followers"' }],
    });
    const res = await h.request("/api/v1/posts", send("POST", { text: "buy f0ll0wers" }, author.token));
    expect(res.status).toBe(422);
    expect(await body(res)).toMatchObject({ code: "unprocessable_content", reasonCode: "blocked_phrase" });
    const p = await post(h, author, { text: "a fine post" });
    const c = await h.request(
      `/api/v1/posts/${p.id}/comments`,
      send("POST", { text: "buy f0ll0wers" }, reader.token),
    );
    expect(c.status).toBe(422);
    expect((await body(c)).reasonCode).toBe("blocked_phrase");
  });

  test("hold → published to the author only, who sees why; no PostCreated until released", async () => {
    verdicts.byText.set("same spam again", {
      decision: "hold",
      reasonCode: "near_duplicate",
      reasons: [{ rule: "near_duplicate", action: "hold", detail: "4 near-duplicates" }],
    });
    const res = await h.request("/api/v1/posts", send("POST", { text: "same spam again" }, author.token));
    expect(res.status).toBe(201);
    const held = await body(res);
    expect(held.moderation.hiddenReason).toContain("held for review: near_duplicate");
    expect((await get(held.id, reader.token)).status).toBe(404);
    expect((await get(held.id, author.token)).status).toBe(200);
    expect(await h.events(held.id)).toEqual([]);
    // A moderator dismisses the hold: trust-safety lifts a "hide" → published and announced.
    await deliver({
      actionId: crypto.randomUUID(),
      subjectType: "post",
      subjectId: held.id,
      subjectAccountId: author.id,
      action: "hide",
      active: false,
      reason: "fine",
    });
    expect((await get(held.id, reader.token)).status).toBe(200);
    expect(await h.events(held.id)).toEqual(["PostCreated"]);
  });

  test("label → returned with the post", async () => {
    verdicts.byText.set("damn it", { decision: "label", labels: ["profanity"] });
    const p = await post(h, author, { text: "damn it" });
    expect((await body(await get(p.id, reader.token))).moderation.labels).toEqual(["profanity"]);
  });

  test("trust-safety down: publish and queue a re-check (never a silent pass); the re-check really re-checks", async () => {
    verdicts.down = true;
    const p = await post(h, author, { text: "posted while trust-safety is down" });
    expect(p.moderation.pendingReview).toBe(true);
    expect(await recheckPendingPosts(h.ctx)).toBe(0); // still down: stays pending
    verdicts.down = false;
    verdicts.byText.set("posted while trust-safety is down", {
      decision: "reject",
      reasonCode: "blocked_domain",
      reasons: [],
    });
    expect(await recheckPendingPosts(h.ctx)).toBeGreaterThanOrEqual(1);
    expect((await get(p.id, reader.token)).status).toBe(404);
    const own = await body(await get(p.id, author.token));
    expect(own.moderation).toMatchObject({ pendingReview: false });
    expect(own.moderation.hiddenReason).toContain("rejected on re-check");
    expect(await h.events(p.id)).toEqual(["PostCreated", "PostHidden"]);
  });

  test("fail mode reject: the write is refused with 503 when trust-safety is down", async () => {
    const strict = await startContentService("pglite", {
      env: { MODERATION_FAIL_MODE: "reject" },
      overrides: { moderation: lateHook },
    });
    const strictHook = createTrustSafetyModeration(strict.ctx, fakeTrustSafety);
    const saved = hook;
    hook = strictHook;
    verdicts.down = true;
    try {
      const u = await strict.user("strict_author");
      expect((await strict.request("/api/v1/posts", send("POST", { text: "hello" }, u.token))).status).toBe(
        503,
      );
    } finally {
      verdicts.down = false;
      hook = saved;
      await strict.close();
    }
  });
});

describe("enforcement events from trust-safety", () => {
  test("remove → 404 to everyone but the author (who sees why), PostHidden; overturn → restored", async () => {
    const p = await post(h, author, { text: "a contested post" });
    const actionId = crypto.randomUUID();
    await deliver({
      actionId,
      subjectType: "post",
      subjectId: p.id,
      subjectAccountId: author.id,
      action: "remove",
      active: true,
      reason: "hate speech",
    });
    expect((await get(p.id, reader.token)).status).toBe(404);
    expect((await get(p.id)).status).toBe(404);
    expect((await body(await get(p.id, author.token))).moderation.hiddenReason).toBe("remove: hate speech");
    expect((await h.rpc(reader.token).batchGetPosts({ postIds: [p.id] })).posts).toEqual([]);
    await deliver({
      actionId,
      subjectType: "post",
      subjectId: p.id,
      subjectAccountId: author.id,
      action: "remove",
      active: false,
      reason: "hate speech",
    });
    expect((await get(p.id, reader.token)).status).toBe(200);
    expect(await h.events(p.id)).toEqual(["PostCreated", "PostHidden", "PostCreated"]);
  });

  test("label and its lifting", async () => {
    const p = await post(h, author, { text: "a graphic photo" });
    const actionId = crypto.randomUUID();
    await deliver({
      actionId,
      subjectType: "post",
      subjectId: p.id,
      subjectAccountId: author.id,
      action: "label",
      active: true,
      labels: ["graphic"],
      reason: "gore",
    });
    expect((await body(await get(p.id, reader.token))).moderation.labels).toEqual(["graphic"]);
    await deliver({
      actionId,
      subjectType: "post",
      subjectId: p.id,
      subjectAccountId: author.id,
      action: "label",
      active: false,
      labels: ["graphic"],
      reason: "gore",
    });
    expect((await body(await get(p.id, reader.token))).moderation.labels).toEqual([]);
  });

  test("suspend hides every post of the account; lifting restores exactly those", async () => {
    const alice = await h.user("ts_alice");
    const a1 = await post(h, alice, { text: "alice one" });
    const a2 = await post(h, alice, { text: "alice two" });
    const removedBefore = crypto.randomUUID();
    await deliver({
      actionId: removedBefore,
      subjectType: "post",
      subjectId: a2.id,
      subjectAccountId: alice.id,
      action: "remove",
      active: true,
      reason: "spam",
    });
    const suspension = crypto.randomUUID();
    await deliver({
      actionId: suspension,
      subjectType: "account",
      subjectId: alice.id,
      subjectAccountId: alice.id,
      action: "suspend",
      active: true,
      reason: "harassment",
    });
    expect((await get(a1.id, reader.token)).status).toBe(404);
    expect((await body(await get(a1.id, alice.token))).moderation.hiddenReason).toBe("suspend: harassment");
    await deliver({
      actionId: suspension,
      subjectType: "account",
      subjectId: alice.id,
      subjectAccountId: alice.id,
      action: "suspend",
      active: false,
      reason: "harassment",
    });
    expect((await get(a1.id, reader.token)).status).toBe(200);
    // The post removed on its own stays removed.
    expect((await get(a2.id, reader.token)).status).toBe(404);
  });
});

describe("enforcement of comments", () => {
  const comment = async (postId: string, who: TestUser, text: string): Promise<{ id: string }> =>
    (await body(await h.request(`/api/v1/posts/${postId}/comments`, send("POST", { text }, who.token)))) as {
      id: string;
    };
  const thread = async (postId: string, who?: TestUser) =>
    (await body(await h.request(`/api/v1/posts/${postId}/comments`, who ? { token: who.token } : {})))
      .comments as {
      id: string;
      hiddenReason: string | null;
    }[];
  const enforce = (c: { id: string }, actionId: string, active: boolean) =>
    deliver({
      actionId,
      subjectType: "comment",
      subjectId: c.id,
      subjectAccountId: reader.id,
      action: "remove",
      active,
      reason: "harassment",
    });

  test("remove → gone for everyone but its author (who sees why), CommentHidden once; lift → back", async () => {
    const p = await post(h, author, { text: "a post with a bad comment under it" });
    const bad = await comment(p.id, reader, "a harassing comment");
    const fine = await comment(p.id, author, "a fine comment");
    const actionId = crypto.randomUUID();
    await enforce(bad, actionId, true);
    await enforce(bad, actionId, true); // a second event with the same action (e.g. a sweep): no second effect
    expect((await thread(p.id, author)).map((c) => c.id)).toEqual([fine.id]);
    expect((await thread(p.id)).map((c) => c.id)).toEqual([fine.id]);
    const own = await thread(p.id, reader);
    expect(own.map((c) => [c.id, c.hiddenReason])).toEqual([
      [bad.id, "remove: harassment"],
      [fine.id, null],
    ]);
    // The post's author may delete comments on their post, but a hidden one is not there for them.
    expect(
      (await h.request(`/api/v1/comments/${bad.id}`, { method: "DELETE", token: author.token })).status,
    ).toBe(404);
    // Lifting another action does not restore it.
    await enforce(bad, crypto.randomUUID(), false);
    expect((await thread(p.id, author)).map((c) => c.id)).toEqual([fine.id]);
    await enforce(bad, actionId, false);
    await enforce(bad, actionId, false);
    expect((await thread(p.id, author)).map((c) => [c.id, c.hiddenReason])).toEqual([
      [bad.id, null],
      [fine.id, null],
    ]);
    expect(await h.events(p.id)).toEqual([
      "PostCreated",
      "CommentCreated",
      "CommentCreated",
      "CommentHidden",
      "CommentRestored",
    ]);
  });
  test("a hidden comment is not counted (post's commentCount, parent's replyCount); restored counts again; deleting it while hidden changes no count", async () => {
    const p = await post(h, author, { text: "a post whose counts must not show hidden comments" });
    const parent = await comment(p.id, author, "a parent comment");
    const bad = (await body(
      await h.request(
        `/api/v1/posts/${p.id}/comments`,
        send("POST", { text: "a harassing reply", parentCommentId: parent.id }, reader.token),
      ),
    )) as { id: string };
    const counts = async () => {
      const postBody = await body(await h.request(`/api/v1/posts/${p.id}`, { token: author.token }));
      const replies = (await thread(p.id, author)).find((c) => c.id === parent.id) as unknown as {
        replyCount: number;
      };
      return [postBody.commentCount, replies.replyCount];
    };
    expect(await counts()).toEqual([2, 1]);
    const actionId = crypto.randomUUID();
    await enforce(bad, actionId, true);
    await enforce(bad, actionId, true);
    expect(await counts()).toEqual([1, 0]);
    await enforce(bad, actionId, false);
    expect(await counts()).toEqual([2, 1]);
    await enforce(bad, crypto.randomUUID(), true);
    // Its author still sees it and deletes it: it was already uncounted.
    expect(
      (await h.request(`/api/v1/comments/${bad.id}`, { method: "DELETE", token: reader.token })).status,
    ).toBe(204);
    expect(await counts()).toEqual([1, 0]);
  });
  test("a held comment is its author's only (why shown), uncounted and unannounced; dismissing the hold publishes it; deleted while held it says so", async () => {
    verdicts.byText.set("dm me for a deal", {
      decision: "hold",
      reasonCode: "new_account_links",
      reasons: [{ rule: "new_account_links", action: "hold", detail: "links from a new account" }],
    });
    const p = await post(h, author, { text: "a post that draws a held comment" });
    const count = async () =>
      (await body(await h.request(`/api/v1/posts/${p.id}`, { token: author.token }))).commentCount;
    const res = await h.request(
      `/api/v1/posts/${p.id}/comments`,
      send("POST", { text: "dm me for a deal" }, reader.token),
    );
    expect(res.status).toBe(201);
    const held = (await body(res)) as { id: string; hiddenReason: string };
    expect(held.hiddenReason).toContain("held for review");
    expect((await thread(p.id, author)).map((c) => c.id)).toEqual([]);
    expect(
      (await thread(p.id, reader)).map((c) => [c.id, c.hiddenReason?.startsWith("held for review")]),
    ).toEqual([[held.id, true]]);
    expect(await count()).toBe(0);
    expect(await h.events(p.id)).toEqual(["PostCreated"]);

    // A moderator dismisses the hold: trust-safety lifts a "hide" (any action id) → published.
    await deliver({
      actionId: crypto.randomUUID(),
      subjectType: "comment",
      subjectId: held.id,
      subjectAccountId: reader.id,
      action: "hide",
      active: false,
      reason: "fine",
    });
    expect((await thread(p.id, author)).map((c) => [c.id, c.hiddenReason])).toEqual([[held.id, null]]);
    expect(await count()).toBe(1);
    expect(await h.events(p.id)).toEqual(["PostCreated", "CommentCreated"]);

    // Another held comment, deleted by its author while held: no count moves, CommentDeleted says it was hidden.
    const again = (await body(
      await h.request(
        `/api/v1/posts/${p.id}/comments`,
        send("POST", { text: "dm me for a deal" }, reader.token),
      ),
    )) as { id: string };
    expect(
      (await h.request(`/api/v1/comments/${again.id}`, { method: "DELETE", token: reader.token })).status,
    ).toBe(204);
    expect(await count()).toBe(1);
    const [row] = await h.ctx.db.db
      .select({ envelope: outbox.envelope })
      .from(outbox)
      .where(and(eq(outbox.aggregateId, p.id), eq(outbox.eventType, CommentDeletedSchema.typeName)));
    const env = fromBinary(EventEnvelopeSchema, row?.envelope as Uint8Array);
    expect(env.payload ? anyUnpack(env.payload, CommentDeletedSchema) : undefined).toMatchObject({
      commentId: again.id,
      wasHidden: true,
    });
  });

  test("a labelled Check decision → the comment is published (counted, announced) and carries the label for everyone (REST, GraphQL)", async () => {
    verdicts.byText.set("what a damn mess", { decision: "label", labels: ["profanity"] });
    const p = await post(h, author, { text: "a post that draws a labelled comment" });
    const res = await h.request(
      `/api/v1/posts/${p.id}/comments`,
      send("POST", { text: "what a damn mess" }, reader.token),
    );
    expect(res.status).toBe(201);
    const created = (await body(res)) as {
      id: string;
      moderationLabels: string[];
      hiddenReason: string | null;
    };
    expect(created).toMatchObject({ moderationLabels: ["profanity"], hiddenReason: null });
    const labelsSeenBy = async (who?: TestUser) =>
      (
        (await body(await h.request(`/api/v1/posts/${p.id}/comments`, who ? { token: who.token } : {})))
          .comments as { id: string; moderationLabels: string[] }[]
      ).map((c) => [c.id, c.moderationLabels]);
    for (const who of [undefined, author, reader])
      expect(await labelsSeenBy(who)).toEqual([[created.id, ["profanity"]]]);
    const gql = await h.graphql(
      "query($id: ID!) { post(id: $id) { comments { nodes { id moderationLabels } } } }",
      { id: p.id },
    );
    expect(gql.data?.post.comments.nodes).toEqual([{ id: created.id, moderationLabels: ["profanity"] }]);
    // A label does not hold it back: counted and announced like any comment.
    expect((await body(await get(p.id, author.token))).commentCount).toBe(1);
    expect(await h.events(p.id)).toEqual(["PostCreated", "CommentCreated"]);
    // An allowed comment carries none.
    const plain = await comment(p.id, author, "a plain answer");
    expect(await labelsSeenBy()).toEqual([
      [created.id, ["profanity"]],
      [plain.id, []],
    ]);
  });

  test("a moderator's label on a comment (EnforcementChanged) adds its labels for everyone; lifting removes only its own", async () => {
    verdicts.byText.set("a damn graphic description", { decision: "label", labels: ["profanity"] });
    const p = await post(h, author, { text: "a post with a comment a moderator labels" });
    const c = await comment(p.id, reader, "a damn graphic description");
    const labels = async (who?: TestUser) =>
      (
        (await body(await h.request(`/api/v1/posts/${p.id}/comments`, who ? { token: who.token } : {})))
          .comments as { id: string; moderationLabels: string[] }[]
      ).find((x) => x.id === c.id)?.moderationLabels;
    const actionId = crypto.randomUUID();
    const label = (active: boolean) =>
      deliver({
        actionId,
        subjectType: "comment",
        subjectId: c.id,
        subjectAccountId: reader.id,
        action: "label",
        active,
        labels: ["graphic"],
        reason: "gore",
      });
    await label(true);
    expect(await labels()).toEqual(["profanity", "graphic"]);
    expect(await labels(author)).toEqual(["profanity", "graphic"]);
    const gql = await h.graphql(
      "query($id: ID!) { post(id: $id) { comments { nodes { id moderationLabels } } } }",
      { id: p.id },
      author.token,
    );
    expect(gql.data?.post.comments.nodes).toEqual([{ id: c.id, moderationLabels: ["profanity", "graphic"] }]);
    // A label neither hides nor uncounts it.
    expect((await body(await get(p.id, author.token))).commentCount).toBe(1);

    // Lifted: the moderator's label goes, the Check's stays.
    await label(false);
    expect(await labels()).toEqual(["profanity"]);
    // Lifting a label that is not there, or labelling a deleted comment, changes nothing and does not fail.
    await label(false);
    expect(await labels()).toEqual(["profanity"]);
    await deliver({
      actionId: crypto.randomUUID(),
      subjectType: "comment",
      subjectId: c.id,
      subjectAccountId: reader.id,
      action: "label",
      active: true,
      labels: ["nsfw"],
      reason: "nudity",
    });
    expect(await labels(reader)).toEqual(["profanity", "nsfw"]);
    expect(
      (await h.request(`/api/v1/comments/${c.id}`, { method: "DELETE", token: reader.token })).status,
    ).toBe(204);
    await deliver({
      actionId: crypto.randomUUID(),
      subjectType: "comment",
      subjectId: c.id,
      subjectAccountId: reader.id,
      action: "label",
      active: true,
      labels: ["spam"],
      reason: "spam",
    });
    expect(await labels()).toBeUndefined();
  });

  test("trust-safety down: a comment is published pending and re-checked — label → labelled; hold → hidden, uncounted, CommentHidden; released → CommentRestored", async () => {
    const p = await post(h, author, { text: "a post commented on while trust-safety is down" });
    verdicts.down = true;
    const labelled = await comment(p.id, reader, "re-checked into a label");
    const held = await comment(p.id, reader, "re-checked into a hold");
    const seen = async (who?: TestUser) =>
      (
        (await body(await h.request(`/api/v1/posts/${p.id}/comments`, who ? { token: who.token } : {})))
          .comments as { id: string; moderationLabels: string[]; hiddenReason: string | null }[]
      ).map((c) => [c.id, c.moderationLabels, c.hiddenReason]);
    const count = async () => (await body(await get(p.id, author.token))).commentCount;
    expect(await seen()).toEqual([
      [labelled.id, [], null],
      [held.id, [], null],
    ]);
    expect(await count()).toBe(2);
    expect(await recheckPendingComments(h.ctx)).toBe(0); // still down: stays pending
    verdicts.down = false;
    verdicts.byText.set("re-checked into a label", { decision: "label", labels: ["spam"] });
    verdicts.byText.set("re-checked into a hold", {
      decision: "hold",
      reasonCode: "near_duplicate",
      reasons: [{ rule: "near_duplicate", action: "hold", detail: "seen 40 times" }],
    });
    expect(await recheckPendingComments(h.ctx)).toBeGreaterThanOrEqual(2);
    expect(await recheckPendingComments(h.ctx)).toBe(0); // decided: no longer pending
    expect(await seen()).toEqual([[labelled.id, ["spam"], null]]);
    const own = await seen(reader);
    expect(own[1]?.[0]).toBe(held.id);
    expect(String(own[1]?.[2])).toContain("held for review");
    expect(await count()).toBe(1);
    expect(await h.events(p.id)).toEqual([
      "PostCreated",
      "CommentCreated",
      "CommentCreated",
      "CommentHidden",
    ]);
    // A moderator dismisses the hold: back, counted, announced as restored (it was created before).
    await deliver({
      actionId: crypto.randomUUID(),
      subjectType: "comment",
      subjectId: held.id,
      subjectAccountId: reader.id,
      action: "hide",
      active: false,
      reason: "fine",
    });
    expect((await seen()).map((c) => c[0])).toEqual([labelled.id, held.id]);
    expect(await count()).toBe(2);
    expect(await h.events(p.id)).toEqual([
      "PostCreated",
      "CommentCreated",
      "CommentCreated",
      "CommentHidden",
      "CommentRestored",
    ]);
  });
});
