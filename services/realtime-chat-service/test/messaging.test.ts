import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MessageAwaitingDeliverySchema } from "@nova/proto/realtime_chat/v1/chat-events";
import { Audience } from "@nova/proto/user/v1";
import { sweepExpiredEnvelopes } from "../src/domain/sweep-expired-envelopes.ts";
import { type ChatHarness, startChatService } from "./support/chat-harness.ts";
import type { Json } from "./support/json.ts";
import { bundle } from "./support/key-bundle.ts";
import { connectDevice, openSocket } from "./support/socket-client.ts";

let h: ChatHarness;
beforeAll(async () => {
  h = await startChatService({ env: { CHAT_MAX_SOCKETS_PER_ACCOUNT: "3" } });
});
afterAll(() => h.close());

const randomCiphertext = () => Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64");

async function account(devices = [1]) {
  const u = await h.user();
  for (const d of devices)
    expect((await h.call("PUT", `/api/v1/chat/devices/${d}/keys`, u.token, bundle())).status).toBe(200);
  return u;
}

async function direct(a: { token: string }, b: { id: string }) {
  const res = await h.call("POST", "/api/v1/chat/conversations", a.token, { memberIds: [b.id] });
  expect([200, 201]).toContain(res.status);
  return res.body.id as string;
}

const send = (
  from: { token: string },
  conversationId: string,
  envelopes: object[],
  clientMessageId: string = crypto.randomUUID(),
) =>
  h.call("POST", `/api/v1/chat/conversations/${conversationId}/messages`, from.token, {
    clientMessageId,
    senderDeviceId: 1,
    envelopes,
  });

describe("conversations and message requests", () => {
  test("a direct conversation is one per pair, whoever starts it", async () => {
    const alice = await account();
    const bob = await account();
    h.peers.follow(bob.id, alice.id);
    const first = await h.call("POST", "/api/v1/chat/conversations", alice.token, { memberIds: [bob.id] });
    expect(first.status).toBe(201);
    expect(first.body.kind).toBe("direct");
    const again = await h.call("POST", "/api/v1/chat/conversations", bob.token, { memberIds: [alice.id] });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  test("from someone the recipient does not follow it lands in requests; accept moves it to the inbox", async () => {
    const alice = await account();
    const bob = await account();
    const id = await direct(alice, bob);
    const requests = await h.call("GET", "/api/v1/chat/conversations?folder=requests", bob.token);
    expect(requests.body.conversations.map((c: Json) => c.id)).toEqual([id]);
    expect((await h.call("GET", "/api/v1/chat/conversations", bob.token)).body.conversations).toEqual([]);
    expect((await h.call("POST", `/api/v1/chat/conversations/${id}/accept`, bob.token)).status).toBe(200);
    const inbox = await h.call("GET", "/api/v1/chat/conversations", bob.token);
    expect(inbox.body.conversations.map((c: Json) => c.id)).toEqual([id]);
  });

  test("whoCanMessage nobody refuses (403); following refuses a stranger but not a followed account", async () => {
    const bob = await account();
    const dave = await account();
    h.peers.whoCanMessage.set(bob.id, Audience.NOBODY);
    const refused = await h.call("POST", "/api/v1/chat/conversations", dave.token, { memberIds: [bob.id] });
    expect(refused.status).toBe(403);
    h.peers.whoCanMessage.set(bob.id, Audience.FOLLOWING);
    expect(
      (await h.call("POST", "/api/v1/chat/conversations", dave.token, { memberIds: [bob.id] })).status,
    ).toBe(403);
    h.peers.follow(bob.id, dave.id);
    const ok = await h.call("POST", "/api/v1/chat/conversations", dave.token, { memberIds: [bob.id] });
    expect(ok.status).toBe(201);
    expect(ok.body.members.find((m: Json) => m.accountId === bob.id).state).toBe("active");
  });

  test("a block either way refuses a new conversation (403) and hides an existing one", async () => {
    const bob = await account();
    const carol = await account();
    const id = await direct(carol, bob);
    h.peers.block(bob.id, carol.id);
    expect(
      (await h.call("POST", "/api/v1/chat/conversations", carol.token, { memberIds: [bob.id] })).status,
    ).toBe(403);
    expect((await h.call("GET", `/api/v1/chat/conversations/${id}`, carol.token)).status).toBe(404);
    expect(
      (await h.call("GET", "/api/v1/chat/conversations?folder=requests", bob.token)).body.conversations,
    ).toEqual([]);
    const refused = await send(carol, id, [
      { accountId: bob.id, deviceId: 1, type: 3, ciphertext: randomCiphertext() },
    ]);
    expect(refused.status).toBe(403);
  });

  test("groups: the creator owns it; owners/admins add, remove, retitle; only the owner sets roles", async () => {
    const owner = await account();
    const [m1, m2, m3] = [await account(), await account(), await account()];
    for (const m of [m1, m2, m3]) h.peers.follow(m.id, owner.id);
    const res = await h.call("POST", "/api/v1/chat/conversations", owner.token, {
      memberIds: [m1.id, m2.id],
      title: "trip",
    });
    expect(res.status).toBe(201);
    expect(res.body.kind).toBe("group");
    const id = res.body.id;
    const changed = await h.call("PATCH", `/api/v1/chat/conversations/${id}`, owner.token, {
      add: [m3.id],
      remove: [m1.id],
      title: "trip 2",
    });
    expect(changed.status).toBe(200);
    expect(changed.body.title).toBe("trip 2");
    expect(changed.body.members.map((m: Json) => m.accountId).sort()).toEqual(
      [owner.id, m2.id, m3.id].sort(),
    );
    expect(
      (await h.call("PATCH", `/api/v1/chat/conversations/${id}`, m2.token, { title: "mine" })).status,
    ).toBe(403);
    const promoted = await h.call("PATCH", `/api/v1/chat/conversations/${id}`, owner.token, {
      roles: [{ accountId: m2.id, role: "admin" }],
    });
    expect(promoted.body.members.find((m: Json) => m.accountId === m2.id).role).toBe("admin");
    const asAdmin = await h.call("PATCH", `/api/v1/chat/conversations/${id}`, m2.token, { title: "mine" });
    expect(asAdmin.body.title).toBe("mine");
    const adminSetsRoles = await h.call("PATCH", `/api/v1/chat/conversations/${id}`, m2.token, {
      roles: [{ accountId: m3.id, role: "admin" }],
    });
    expect(adminSetsRoles.status).toBe(403);
    expect((await h.call("GET", `/api/v1/chat/conversations/${id}`, m1.token)).status).toBe(404);
    expect((await h.call("POST", `/api/v1/chat/conversations/${id}/leave`, m3.token)).status).toBe(200);
  });
});

describe("envelopes", () => {
  test("409 names a missing device and a stale one; nothing is stored", async () => {
    const alice = await account();
    const bob = await account([1, 2]);
    h.peers.follow(bob.id, alice.id);
    const id = await direct(alice, bob);
    const res = await send(alice, id, [
      { accountId: bob.id, deviceId: 1, type: 3, ciphertext: randomCiphertext() },
      { accountId: bob.id, deviceId: 9, type: 3, ciphertext: randomCiphertext() },
    ]);
    expect(res.status).toBe(409);
    expect(res.body.missingDevices).toEqual([{ accountId: bob.id, deviceId: 2 }]);
    expect(res.body.staleDevices).toEqual([{ accountId: bob.id, deviceId: 9 }]);
    expect((await h.call("GET", "/api/v1/chat/devices/1/messages", bob.token)).body.envelopes).toEqual([]);
  });

  test("the sender's other devices are expected too, not the sending one", async () => {
    const alice = await account([1, 2]);
    const bob = await account();
    h.peers.follow(bob.id, alice.id);
    const id = await direct(alice, bob);
    const res = await send(alice, id, [
      { accountId: bob.id, deviceId: 1, type: 3, ciphertext: randomCiphertext() },
    ]);
    expect(res.status).toBe(409);
    expect(res.body.missingDevices).toEqual([{ accountId: alice.id, deviceId: 2 }]);
  });

  test("the same clientMessageId twice is one message; ack deletes; the backlog pages by deviceSeq", async () => {
    const alice = await account();
    const bob = await account();
    h.peers.follow(bob.id, alice.id);
    const id = await direct(alice, bob);
    const env = [{ accountId: bob.id, deviceId: 1, type: 3, ciphertext: randomCiphertext() }];
    const first = await send(alice, id, env, "m-1");
    const again = await send(alice, id, env, "m-1");
    expect(first.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    await send(alice, id, env, "m-2");
    const backlog = (await h.call("GET", "/api/v1/chat/devices/1/messages", bob.token)).body.envelopes;
    expect(backlog.map((e: Json) => [e.seq, e.deviceSeq])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(backlog[0].ciphertext).toBe(env[0]?.ciphertext);
    expect((await h.call("POST", "/api/v1/chat/devices/1/ack", bob.token, { upTo: 1 })).body).toEqual({
      deleted: 1,
    });
    const left = (await h.call("GET", "/api/v1/chat/devices/1/messages", bob.token)).body.envelopes;
    expect(left.map((e: Json) => e.deviceSeq)).toEqual([2]);
    const conv = (await h.call("GET", `/api/v1/chat/conversations/${id}`, bob.token)).body;
    expect(conv.unreadCount).toBe(2);
  });

  test("an envelope for a device without a socket enqueues MessageAwaitingDelivery, without content", async () => {
    const alice = await account();
    const bob = await account();
    h.peers.follow(bob.id, alice.id);
    const id = await direct(alice, bob);
    const ciphertext = randomCiphertext();
    await send(alice, id, [{ accountId: bob.id, deviceId: 1, type: 3, ciphertext }]);
    const events = await h.enqueued(MessageAwaitingDeliverySchema, bob.id);
    expect(events.length).toBe(1);
    expect(events[0]).toMatchObject({
      conversationId: id,
      recipientAccountId: bob.id,
      recipientDeviceId: "1",
      senderAccountId: alice.id,
      deviceSeq: 1n,
    });
    const sock = await connectDevice(h.port, 1, bob.token);
    await send(alice, id, [{ accountId: bob.id, deviceId: 1, type: 2, ciphertext: randomCiphertext() }]);
    await sock.waitFor(() => sock.envelopes().length === 2);
    expect((await h.enqueued(MessageAwaitingDeliverySchema, bob.id)).length).toBe(1);
    await sock.close();
  });
});

test("the retention sweep drops envelopes older than CHAT_ENVELOPE_RETENTION, and only those", async () => {
  const alice = await account();
  const bob = await account();
  h.peers.follow(bob.id, alice.id);
  const id = await direct(alice, bob);
  await send(alice, id, [{ accountId: bob.id, deviceId: 1, type: 3, ciphertext: randomCiphertext() }]);
  const justUnder = new Date(Date.now() + h.ctx.config.extra.CHAT_ENVELOPE_RETENTION - 60_000);
  await sweepExpiredEnvelopes({ ...h.ctx, clock: () => justUnder });
  expect((await h.call("GET", "/api/v1/chat/devices/1/messages", bob.token)).body.envelopes.length).toBe(1);
  const past = new Date(Date.now() + h.ctx.config.extra.CHAT_ENVELOPE_RETENTION + 60_000);
  expect(await sweepExpiredEnvelopes({ ...h.ctx, clock: () => past })).toBeGreaterThanOrEqual(1);
  expect((await h.call("GET", "/api/v1/chat/devices/1/messages", bob.token)).body.envelopes).toEqual([]);
});

describe("the delivery socket", () => {
  test("nothing is sent before auth; a bad token or a non-auth first frame closes with 4401", async () => {
    const bob = await account();
    const s = await openSocket(h.port, 1);
    s.send({ type: "auth", token: "not-a-token" });
    expect((await s.closed).code).toBe(4401);
    expect(s.frames).toEqual([]);
    const t = await openSocket(h.port, 1);
    t.send({ type: "ack", upTo: 1 });
    expect((await t.closed).code).toBe(4401);
    const u = await openSocket(h.port, 5);
    u.send({ type: "auth", token: bob.token });
    expect((await u.closed).code).toBe(4403);
    const bad = await fetch(`http://127.0.0.1:${h.port}/api/v1/chat/ws?deviceId=abc`, {
      headers: {
        upgrade: "websocket",
        connection: "upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      },
    });
    expect(bad.status).toBe(400);
  });

  test("acceptance: live delivery byte-identical, then resume with after: exactly the missed ones, in order", async () => {
    const alice = await account();
    const bob = await account();
    h.peers.follow(bob.id, alice.id);
    const id = await direct(alice, bob);
    const sock = await connectDevice(h.port, 1, bob.token);
    const ciphertext = randomCiphertext();
    const sent = await send(alice, id, [{ accountId: bob.id, deviceId: 1, type: 3, ciphertext }]);
    await sock.waitFor(() => sock.envelopes().length === 1);
    const got = sock.envelopes()[0];
    expect(got).toMatchObject({
      type: "envelope",
      conversationId: id,
      seq: sent.body.seq,
      deviceSeq: 1,
      senderId: alice.id,
      senderDeviceId: 1,
      envelopeType: 3,
      ciphertext,
    });
    await sock.close();
    const missed = [randomCiphertext(), randomCiphertext(), randomCiphertext()];
    for (const c of missed)
      await send(alice, id, [{ accountId: bob.id, deviceId: 1, type: 2, ciphertext: c }]);
    const back = await connectDevice(h.port, 1, bob.token, 1);
    await back.waitFor(() => back.envelopes().length === 3);
    back.send({ type: "ping" });
    await back.waitFor((f) => f.some((x) => x.type === "pong"));
    expect(back.envelopes().map((e) => [e.deviceSeq, e.ciphertext])).toEqual(
      missed.map((c, i) => [i + 2, c]),
    );
    back.send({ type: "ack", upTo: 4 });
    await back.close();
    const again = await connectDevice(h.port, 1, bob.token, 4);
    const ciphertext5 = randomCiphertext();
    await send(alice, id, [{ accountId: bob.id, deviceId: 1, type: 2, ciphertext: ciphertext5 }]);
    await again.waitFor(() => again.envelopes().length === 1);
    expect(again.envelopes()[0]).toMatchObject({ deviceSeq: 5, ciphertext: ciphertext5 });
    expect(
      (await h.call("GET", "/api/v1/chat/devices/1/messages", bob.token)).body.envelopes.map(
        (e: Json) => e.deviceSeq,
      ),
    ).toEqual([5]);
    await again.close();
  });

  test("typing and read receipts are relayed to the other member's socket", async () => {
    const alice = await account();
    const bob = await account();
    h.peers.follow(bob.id, alice.id);
    const id = await direct(alice, bob);
    const a = await connectDevice(h.port, 1, alice.token);
    const b = await connectDevice(h.port, 1, bob.token);
    b.send({ type: "typing", conversationId: id });
    await a.waitFor((f) =>
      f.some((x) => x.type === "typing" && x.senderId === bob.id && x.conversationId === id),
    );
    b.send({ type: "receipt", conversationId: id, kind: "read", upToSeq: 1 });
    await a.waitFor((f) => f.some((x) => x.type === "receipt" && x.kind === "read"));
    expect(b.frames.filter((x) => x.type === "typing")).toEqual([]);
    await a.close();
    await b.close();
  });

  test("an account holds at most CHAT_MAX_SOCKETS_PER_ACCOUNT sockets (4429 beyond)", async () => {
    const bob = await account([1, 2, 3, 4]);
    const open = [
      await connectDevice(h.port, 1, bob.token),
      await connectDevice(h.port, 2, bob.token),
      await connectDevice(h.port, 3, bob.token),
    ];
    const fourth = await openSocket(h.port, 4);
    fourth.send({ type: "auth", token: bob.token });
    expect((await fourth.closed).code).toBe(4429);
    for (const s of open) await s.close();
  });
});
