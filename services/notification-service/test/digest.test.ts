import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { LikeCreatedSchema, RepostCreatedSchema, SubjectKind } from "@nova/proto/social/v1";
import { sendDueDigests } from "../src/domain/send-digests.ts";
import { type NotificationHarness, startNotificationService } from "./support/notification-harness.ts";

describe("email digests", () => {
  let h: NotificationHarness;
  beforeAll(async () => {
    h = await startNotificationService();
  });
  afterAll(() => h?.close());

  test("a due digest lists unread items of email-enabled types, once; one-click unsubscribe (RFC 8058) turns it off", async () => {
    const alice = await h.user();
    const bob = await h.user();
    h.peers.usernames.set(bob.id, "bob");
    h.peers.emails.set(alice.id, "alice@example.com");
    await h.json("/api/v1/notifications/preferences", alice.token, {
      method: "PATCH",
      body: JSON.stringify({ emailDigest: "daily", types: { repost: { email: false } } }),
    });
    const like = (post: string) =>
      h.deliver("social-service", LikeCreatedSchema, post, {
        accountId: bob.id,
        subjectKind: SubjectKind.POST,
        subjectId: post,
        postId: post,
        subjectAuthorId: alice.id,
      });
    await like(Bun.randomUUIDv7());
    await like(Bun.randomUUIDv7());
    const reposted = Bun.randomUUIDv7();
    await h.deliver("social-service", RepostCreatedSchema, reposted, {
      repostId: Bun.randomUUIDv7(),
      accountId: bob.id,
      postId: reposted,
      postAuthorId: alice.id,
    });
    expect((await h.json("/api/v1/notifications", alice.token)).body.items).toHaveLength(3);
    const before = h.mails.length;
    expect(await sendDueDigests(h.ctx)).toBeGreaterThanOrEqual(1);
    const mail = h.mails.slice(before).find((m) => m.to === "alice@example.com");
    expect(mail?.subject).toBe("Nova: 2 new notifications");
    expect(mail?.text).toContain("bob liked your post");
    expect(mail?.text).not.toContain("reposted"); // repost emails are off
    const link = mail?.headers?.["List-Unsubscribe"]?.slice(1, -1) ?? "";
    expect(mail?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    // Not due again the same day.
    const count = h.mails.length;
    await sendDueDigests(h.ctx);
    expect(h.mails.filter((m, i) => i >= count && m.to === "alice@example.com")).toHaveLength(0);

    const path = new URL(link).pathname + new URL(link).search;
    expect((await h.request(path)).headers.get("content-type")).toContain("text/html");
    expect((await h.json("/api/v1/notifications/preferences", alice.token)).body.emailDigest).toBe("daily");
    const res = await h.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect((await h.json("/api/v1/notifications/preferences", alice.token)).body.emailDigest).toBe("off");
    const forged = path.replace(/\.[^.]+$/, ".AAAA");
    expect((await h.request(forged, { method: "POST" })).status).toBe(400);
  });
});
