import { afterAll, beforeAll, expect, test } from "bun:test";
import type { CacheStore } from "@nova/cache";
import { MessageAwaitingDeliverySchema } from "@nova/proto/realtime_chat/v1/chat-events";
import { type ChatHarness, type DatabaseKind, startChatService } from "./chat-harness.ts";
import { bundle } from "./key-bundle.ts";
import { connectDevice } from "./socket-client.ts";

/** The cross-instance delivery suite, run on the in-process cache (bun run test) and on Redis + PostgreSQL (test:infra). */
// Two instances of the service on one database and one cache store (Redis in production): a
// message posted to one reaches a socket held by the other through the cache's pub/sub.
export function crossInstanceSuite(opts: { database: DatabaseKind; cache: () => Promise<CacheStore> }) {
  let a: ChatHarness;
  let b: ChatHarness;
  const revoked = new Set<string>();
  let cache: CacheStore;
  beforeAll(async () => {
    const env = { CHAT_SOCKET_RECHECK: "50ms" };
    cache = await opts.cache();
    a = await startChatService({ database: opts.database, env, revokedAccounts: revoked, cache });
    b = await startChatService({
      env,
      revokedAccounts: revoked,
      shared: { db: a.db, issuer: a.issuer, peers: a.peers, cache: a.cache },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await cache.close();
  });

  async function pair() {
    const alice = await a.user();
    const bob = await a.user();
    for (const u of [alice, bob]) await a.call("PUT", "/api/v1/chat/devices/1/keys", u.token, bundle());
    a.peers.follow(bob.id, alice.id);
    const conv = await a.call("POST", "/api/v1/chat/conversations", alice.token, { memberIds: [bob.id] });
    return { alice, bob, id: conv.body.id as string };
  }

  const envelope = (accountId: string) => ({
    accountId,
    deviceId: 1,
    type: 3,
    ciphertext: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64"),
  });

  test("a message posted on instance A reaches bob's socket on instance B, in order, and no push is queued", async () => {
    const { alice, bob, id } = await pair();
    const sock = await connectDevice(b.port, 1, bob.token);
    const sent = [envelope(bob.id), envelope(bob.id), envelope(bob.id)];
    for (const e of sent) {
      const res = await a.call("POST", `/api/v1/chat/conversations/${id}/messages`, alice.token, {
        clientMessageId: crypto.randomUUID(),
        senderDeviceId: 1,
        envelopes: [e],
      });
      expect(res.status).toBe(200);
    }
    await sock.waitFor(() => sock.envelopes().length === 3);
    expect(sock.envelopes().map((f) => [f.deviceSeq, f.ciphertext])).toEqual(
      sent.map((e, i) => [i + 1, e.ciphertext]),
    );
    expect(await a.enqueued(MessageAwaitingDeliverySchema, bob.id)).toEqual([]);
    await sock.close();
  });

  test("a revoked token closes its open socket with 4401", async () => {
    const { bob } = await pair();
    const sock = await connectDevice(b.port, 1, bob.token);
    revoked.add(bob.id);
    expect((await sock.closed).code).toBe(4401);
  });
}
