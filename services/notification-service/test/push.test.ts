import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MessageAwaitingDeliverySchema } from "@nova/proto/realtime_chat/v1/chat-events";
import { LikeCreatedSchema, SubjectKind } from "@nova/proto/social/v1";
import { eq } from "drizzle-orm";
import webpush from "web-push";
import { heldPushes, pushDevices, pushSubscriptions } from "../src/db/schema/index.ts";
import { releaseHeldPushes } from "../src/jobs/release-held-pushes.ts";
import { createApnsSender } from "../src/push/apns-sender.ts";
import { assertPushableEndpoint } from "../src/push/endpoint-guard.ts";
import { createFcmSender } from "../src/push/fcm-sender.ts";
import { createWebPushSender } from "../src/push/web-push-sender.ts";
import { startFakeApns, startFakeFcm } from "./support/apns-fcm-fakes.ts";
import { type NotificationHarness, startNotificationService, until } from "./support/notification-harness.ts";
import { createBrowserKeys, startPushReceiver, verifyVapid } from "./support/web-push-receiver.ts";

describe("push over Web Push, APNs and FCM", () => {
  let h: NotificationHarness;
  let receiver: ReturnType<typeof startPushReceiver>;
  let apns: Awaited<ReturnType<typeof startFakeApns>>;
  let fcm: Awaited<ReturnType<typeof startFakeFcm>>;
  const vapid = { ...webpush.generateVAPIDKeys(), subject: "mailto:push-test@nova.invalid" };

  beforeAll(async () => {
    receiver = startPushReceiver();
    apns = await startFakeApns({
      teamId: "TEAM123456",
      keyId: "KEY1234567",
      topic: "social.nova.app",
      badToken: "deadbeefdead",
    });
    fcm = await startFakeFcm({ projectId: "nova-test", badToken: "bad-fcm-token" });
    h = await startNotificationService({
      push: {
        vapid,
        senders: {
          webpush: createWebPushSender({ vapid, allowLoopback: true }),
          apns: createApnsSender({
            url: apns.url,
            keyPem: apns.keyPem,
            keyId: "KEY1234567",
            teamId: "TEAM123456",
            topic: "social.nova.app",
          }),
          fcm: createFcmSender({ url: fcm.url, account: fcm.account }),
        },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    receiver?.stop();
    apns?.stop();
    fcm?.stop();
  });

  const like = (post: string, author: string, actor: string) =>
    h.deliver("social-service", LikeCreatedSchema, post, {
      accountId: actor,
      subjectKind: SubjectKind.POST,
      subjectId: post,
      postId: post,
      subjectAuthorId: author,
    });

  test("a like reaches a Web Push subscription as aes128gcm with a VAPID JWT; the payload decrypts (RFC 8291)", async () => {
    const alice = await h.user();
    const bob = await h.user();
    h.peers.usernames.set(bob.id, "bob");
    const browser = createBrowserKeys();
    const endpoint = `${receiver.url}/push/${alice.id}`;
    const sub = await h.json("/api/v1/push/subscriptions", alice.token, {
      method: "POST",
      body: JSON.stringify({ endpoint, keys: { p256dh: browser.p256dh, auth: browser.auth } }),
    });
    expect(sub.status).toBe(201);
    expect(sub.body.vapidPublicKey).toBe(vapid.publicKey);
    const post = Bun.randomUUIDv7();
    await like(post, alice.id, bob.id);
    const push = await until(() => receiver.received.find((r) => r.path === `/push/${alice.id}`));
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.ttl).toBeDefined();
    const claims = await verifyVapid(push.headers.authorization ?? "", vapid.publicKey);
    expect(claims.aud).toBe(receiver.url);
    expect(claims.sub).toBe(vapid.subject);
    const payload = JSON.parse(browser.decrypt(push.body));
    expect(payload.type).toBe("like");
    expect(payload.body).toBe("bob liked your post");
    expect(payload.data.groupKey).toBe(`like:post:${post}`);
  });

  test("APNs and FCM get the push with their headers and tokens; dead tokens (410 Unregistered, 404 UNREGISTERED) are pruned", async () => {
    const alice = await h.user();
    const bob = await h.user();
    h.peers.usernames.set(bob.id, "bob");
    for (const [platform, token] of [
      ["apns", "abcdef0123456789"],
      ["apns", "deadbeefdead"],
      ["fcm", "good-fcm-token"],
      ["fcm", "bad-fcm-token"],
    ]) {
      const res = await h.json("/api/v1/push/devices", alice.token, {
        method: "POST",
        body: JSON.stringify({ platform, token }),
      });
      expect(res.status).toBe(201);
    }
    await like(Bun.randomUUIDv7(), alice.id, bob.id);
    const a = await until(() => apns.received.find((r) => r.token === "abcdef0123456789"));
    expect(String(a.headers["apns-collapse-id"])).toStartWith("like:post:");
    expect((a.body.aps as { alert: { body: string } }).alert.body).toContain("liked your post");
    const f = await until(() => fcm.received.find((r) => r.token === "good-fcm-token"));
    expect(JSON.stringify(f.body)).toContain("collapse_key");
    const remaining = async () =>
      (await h.db.db.select().from(pushDevices).where(eq(pushDevices.accountId, alice.id)))
        .map((d) => d.token)
        .sort();
    expect(await until(async () => ((await remaining()).length === 2 ? await remaining() : null))).toEqual([
      "abcdef0123456789",
      "good-fcm-token",
    ]);
    expect(apns.rejected).toContain("Unregistered");
  });

  test("a gone Web Push subscription (410) is pruned; previews off → no actor in the payload", async () => {
    const alice = await h.user();
    const bob = await h.user();
    h.peers.usernames.set(bob.id, "bob");
    const browser = createBrowserKeys();
    await h.json("/api/v1/notifications/preferences", alice.token, {
      method: "PATCH",
      body: '{"pushPreviews":false}',
    });
    const keys = { p256dh: browser.p256dh, auth: browser.auth };
    await h.json("/api/v1/push/subscriptions", alice.token, {
      method: "POST",
      body: JSON.stringify({ endpoint: `${receiver.url}/quiet/${alice.id}`, keys }),
    });
    await h.json("/api/v1/push/subscriptions", alice.token, {
      method: "POST",
      body: JSON.stringify({ endpoint: `${receiver.url}/gone/${alice.id}`, keys }),
    });
    await like(Bun.randomUUIDv7(), alice.id, bob.id);
    const push = await until(() => receiver.received.find((r) => r.path === `/quiet/${alice.id}`));
    const payload = JSON.parse(browser.decrypt(push.body));
    expect(payload.body).toBe("New notification");
    expect(JSON.stringify(payload)).not.toContain("bob");
    await until(async () => {
      const subs = await h.db.db
        .select()
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.accountId, alice.id));
      return subs.length === 1 && subs[0]?.endpoint.includes("/quiet/");
    });
  });

  test("quiet hours hold the push (not lost); the release job sends it once the window is over", async () => {
    const alice = await h.user();
    const bob = await h.user();
    const browser = createBrowserKeys();
    const now = new Date();
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const quietHours = {
      start: hhmm(new Date(now.getTime() - 3_600_000)),
      end: hhmm(new Date(now.getTime() + 3_600_000)),
      timeZone: "UTC",
    };
    const prefs = await h.json("/api/v1/notifications/preferences", alice.token, {
      method: "PATCH",
      body: JSON.stringify({ quietHours }),
    });
    expect(prefs.body.quietHours).toEqual(quietHours);
    await h.json("/api/v1/push/subscriptions", alice.token, {
      method: "POST",
      body: JSON.stringify({
        endpoint: `${receiver.url}/held/${alice.id}`,
        keys: { p256dh: browser.p256dh, auth: browser.auth },
      }),
    });
    await like(Bun.randomUUIDv7(), alice.id, bob.id);
    const held = await until(async () => {
      const rows = await h.db.db.select().from(heldPushes).where(eq(heldPushes.accountId, alice.id));
      return rows.length === 1 ? rows : null;
    });
    expect(receiver.received.some((r) => r.path === `/held/${alice.id}`)).toBe(false);
    await h.db.db
      .update(heldPushes)
      .set({ releaseAt: new Date(Date.now() - 1000) })
      .where(eq(heldPushes.id, held[0]?.id ?? ""));
    expect(await releaseHeldPushes(h.ctx)).toBeGreaterThanOrEqual(1);
    const push = await until(() => receiver.received.find((r) => r.path === `/held/${alice.id}`));
    expect(JSON.parse(browser.decrypt(push.body)).type).toBe("like");
    const bad = await h.json("/api/v1/notifications/preferences", alice.token, {
      method: "PATCH",
      body: JSON.stringify({ quietHours: { start: "25:00", end: "07:00", timeZone: "Mars/Base" } }),
    });
    expect(bad.status).toBe(400);
  });

  test("MessageAwaitingDelivery → one content-free 'New message' push, no inbox item", async () => {
    const alice = await h.user();
    const bob = await h.user();
    const browser = createBrowserKeys();
    await h.json("/api/v1/push/subscriptions", alice.token, {
      method: "POST",
      body: JSON.stringify({
        endpoint: `${receiver.url}/chat/${alice.id}`,
        keys: { p256dh: browser.p256dh, auth: browser.auth },
      }),
    });
    const conversationId = Bun.randomUUIDv7();
    for (const deviceSeq of [1n, 2n]) {
      await h.deliver("realtime-chat-service", MessageAwaitingDeliverySchema, conversationId, {
        conversationId,
        recipientAccountId: alice.id,
        recipientDeviceId: "phone",
        senderAccountId: bob.id,
        deviceSeq,
      });
    }
    const push = await until(() => receiver.received.find((r) => r.path === `/chat/${alice.id}`));
    const payload = JSON.parse(browser.decrypt(push.body));
    expect(payload).toMatchObject({ type: "message", body: "New message" });
    expect(receiver.received.filter((r) => r.path === `/chat/${alice.id}`)).toHaveLength(1);
    expect((await h.json("/api/v1/notifications", alice.token)).body.items).toHaveLength(0);
  });

  test("endpoint guard: private, loopback, metadata and non-https endpoints are refused outside the dev default", async () => {
    const strict = {
      allowLoopback: false,
      resolve: async (host: string) => (host === "push.example" ? ["93.184.216.34"] : ["10.0.0.8"]),
    };
    await expect(assertPushableEndpoint("https://push.example/x", strict)).resolves.toBeDefined();
    for (const bad of [
      "http://push.example/x",
      "https://127.0.0.1/x",
      "https://169.254.169.254/latest",
      "https://[::1]/x",
      "https://internal.example/x",
      "https://user:pw@push.example/x",
    ]) {
      await expect(assertPushableEndpoint(bad, strict)).rejects.toThrow();
    }
    const alice = await h.user();
    const res = await h.json("/api/v1/push/subscriptions", alice.token, {
      method: "POST",
      body: JSON.stringify({ endpoint: "https://10.1.2.3/x", keys: createBrowserKeys() }),
    });
    expect(res.status).toBe(400);
  });
});
