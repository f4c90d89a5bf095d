import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type CacheStore, createCacheStore } from "@nova/cache";
import { LikeCreatedSchema, LikeDeletedSchema, SubjectKind } from "@nova/proto/social/v1";
import { createFakePeers } from "./support/fake-peers.ts";
import { type NotificationHarness, startNotificationService } from "./support/notification-harness.ts";

/** Reads server-sent events from a response body until `count` events arrived (or the deadline). */
async function readEvents(res: Response, count: number, ms = 5_000) {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  const events: { id?: string; event: string; data: Record<string, unknown> }[] = [];
  let buffer = "";
  const deadline = setTimeout(() => void reader.cancel(), ms);
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((l) => !l.startsWith(":") && l.includes(": "))
            .map((l) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)]),
        );
        if (fields.event)
          events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? "{}") });
        cut = buffer.indexOf("\n\n");
      }
    }
  } finally {
    clearTimeout(deadline);
    await reader.cancel().catch(() => {});
  }
  return events;
}

describe("live notifications over SSE, across two instances sharing one cache", () => {
  let cache: CacheStore;
  let a: NotificationHarness;
  let b: NotificationHarness;

  beforeAll(async () => {
    cache = await createCacheStore({});
    const peers = createFakePeers();
    a = await startNotificationService({ cache, peers });
    b = await startNotificationService({ cache, peers, database: a.db, issuer: a.issuer });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await cache?.close();
  });

  const like = (h: NotificationHarness, post: string, author: string, actor: string) =>
    h.deliver("social-service", LikeCreatedSchema, post, {
      accountId: actor,
      subjectKind: SubjectKind.POST,
      subjectId: post,
      postId: post,
      subjectAuthorId: author,
    });

  test("a stream on instance B receives a like consumed by instance A; unlike arrives as an update; Last-Event-ID replays", async () => {
    const alice = await a.user();
    const bob = await a.user();
    const carol = await a.user();
    const post = Bun.randomUUIDv7();
    const controller = new AbortController();
    const res = await b.request("/api/v1/notifications/stream", {
      token: alice.token,
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reading = readEvents(res, 3);
    const started = Date.now();
    await like(a, post, alice.id, bob.id);
    await like(a, post, alice.id, carol.id);
    await a.deliver("social-service", LikeDeletedSchema, post, {
      accountId: carol.id,
      subjectKind: SubjectKind.POST,
      subjectId: post,
      postId: post,
    });
    const events = await reading;
    controller.abort();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.map((e) => e.event)).toEqual(["notification", "notification", "notification"]);
    expect(events.map((e) => e.data.actorCount)).toEqual([1, 2, 1]);
    const firstId = events[0]?.id ?? "";
    expect(firstId).toMatch(/^[0-9a-f-]{36}$/);

    // Resume after the first event: the group changed since, so it is replayed at once.
    const other = Bun.randomUUIDv7();
    await like(a, other, alice.id, bob.id);
    const resumed = await b.request("/api/v1/notifications/stream", {
      token: alice.token,
      headers: { "last-event-id": firstId },
    });
    const replayed = await readEvents(resumed, 1);
    expect(replayed[0]?.data.groupKey).toBe(`like:post:${other}`);
  });

  test("no token → 401; the per-account cap refuses one stream too many (429)", async () => {
    expect((await a.request("/api/v1/notifications/stream")).status).toBe(401);
    const u = await a.user();
    const open: AbortController[] = [];
    for (let i = 0; i < 5; i++) {
      const c = new AbortController();
      open.push(c);
      expect(
        (await (i % 2 ? a : b).request("/api/v1/notifications/stream", { token: u.token, signal: c.signal }))
          .status,
      ).toBe(200);
    }
    expect((await a.request("/api/v1/notifications/stream", { token: u.token })).status).toBe(429);
    for (const c of open) c.abort();
  });
});
