import { afterAll, beforeAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { ChatDevice, type ReceivedEnvelope } from "./support/chat-client.ts";
import { type ChatHarness, startChatService } from "./support/chat-harness.ts";
import { connectDevice } from "./support/socket-client.ts";

let h: ChatHarness;
beforeAll(async () => {
  h = await startChatService();
});
afterAll(() => h.close());

async function device(user: { id: string; token: string }, deviceId: number) {
  const d = new ChatDevice(user.id, deviceId, user.token, h.call);
  await d.register();
  return d;
}

/** Every byte the service stores, as one string per row of every chat table (hex of bytea columns included). */
async function storedText(): Promise<string> {
  const tables = [
    "envelopes",
    "messages",
    "conversations",
    "members",
    "devices",
    "one_time_prekeys",
    "outbox",
  ];
  const out: string[] = [];
  for (const t of tables) {
    const res = await h.db.db.execute(sql.raw(`SELECT * FROM realtime_chat_service.${t}`));
    const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as Record<string, unknown>[];
    for (const row of rows)
      for (const v of Object.values(row)) {
        if (v instanceof Uint8Array)
          out.push(Buffer.from(v).toString("latin1"), Buffer.from(v).toString("hex"));
        else
          out.push(
            typeof v === "string" ? v : JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x)),
          );
      }
  }
  return out.join("\n");
}

const failsToDecrypt = (p: Promise<string>) =>
  p.then(
    () => false,
    () => true,
  );

const decryptAll = async (d: ChatDevice, after = 0) =>
  Promise.all((await d.backlog(after)).map(async (e) => ({ e, text: await d.decrypt(e) })));

test("two accounts, three devices: PQXDH + Double Ratchet 1:1 end to end; the server stores no plaintext", async () => {
  const aliceUser = await h.user();
  const bobUser = await h.user();
  h.peers.follow(bobUser.id, aliceUser.id);
  const alice1 = await device(aliceUser, 1);
  const bob1 = await device(bobUser, 1);
  const bob2 = await device(bobUser, 2);
  const conv = await h.call("POST", "/api/v1/chat/conversations", aliceUser.token, {
    memberIds: [bobUser.id],
  });
  const secret = `meet at the lighthouse ${crypto.randomUUID()}`;

  const bobSocket = await connectDevice(h.port, 1, bobUser.token);
  const sent = await alice1.send(conv.body.id, secret);
  expect(sent.status).toBe(200);
  await bobSocket.waitFor(() => bobSocket.envelopes().length === 1);
  expect(await bob1.decrypt(bobSocket.envelopes()[0] as ReceivedEnvelope)).toBe(secret);
  await bobSocket.close();
  expect((await decryptAll(bob2)).map((x) => x.text)).toEqual([secret]);

  // Bob answers from device 2: Alice's device gets it; Bob's device 1 gets its own copy (sync).
  const reply = `ok, 9pm ${crypto.randomUUID()}`;
  expect((await bob2.send(conv.body.id, reply)).status).toBe(200);
  expect((await decryptAll(alice1)).map((x) => x.text)).toEqual([reply]);
  expect((await decryptAll(bob1, 1)).map((x) => x.text)).toEqual([reply]);

  // Alice heard back from bob's device 2, so her next message to it rides the ratchet (Whisper, 2);
  // to device 1, which has not answered, it is still a PreKey message (3), as libsignal does.
  const third = `third ${crypto.randomUUID()}`;
  await alice1.send(conv.body.id, third);
  const onBob2 = await bob2.backlog(1);
  expect(onBob2.map((e) => e.envelopeType)).toEqual([2]);
  expect(await bob2.decrypt(onBob2[0] as ReceivedEnvelope)).toBe(third);
  const onBob1 = await bob1.backlog(2);
  expect(onBob1.map((e) => e.envelopeType)).toEqual([3]);
  expect(await bob1.decrypt(onBob1[0] as ReceivedEnvelope)).toBe(third);

  const stored = await storedText();
  for (const plaintext of [secret, reply, third]) {
    expect(stored).not.toContain(plaintext);
    expect(stored).not.toContain(Buffer.from(plaintext).toString("hex"));
    expect(stored).not.toContain(Buffer.from(plaintext).toString("base64"));
  }
});

test("a tampered ciphertext fails to decrypt on the recipient", async () => {
  const aliceUser = await h.user();
  const bobUser = await h.user();
  h.peers.follow(bobUser.id, aliceUser.id);
  const alice1 = await device(aliceUser, 1);
  const bob1 = await device(bobUser, 1);
  const conv = await h.call("POST", "/api/v1/chat/conversations", aliceUser.token, {
    memberIds: [bobUser.id],
  });
  await alice1.send(conv.body.id, "first");
  expect((await decryptAll(bob1)).map((x) => x.text)).toEqual(["first"]);
  await bob1.send(conv.body.id, "hi back");
  expect((await decryptAll(alice1)).map((x) => x.text)).toEqual(["hi back"]);
  await alice1.send(conv.body.id, "second");
  const [second] = (await bob1.backlog(1)) as [ReceivedEnvelope];
  expect(second.envelopeType).toBe(2);
  // One bit flipped inside the ratchet ciphertext (before the 8-byte MAC): the MAC check fails.
  const bytes = Buffer.from(second.ciphertext, "base64");
  bytes[bytes.length - 12] = (bytes[bytes.length - 12] ?? 0) ^ 0x01;
  expect(await failsToDecrypt(bob1.decrypt({ ...second, ciphertext: bytes.toString("base64") }))).toBe(true);
  // The untampered one still decrypts: the failure was the tampering, not the session.
  expect(await bob1.decrypt(second)).toBe("second");
});

test("a group (pairwise): every member reads; a removed member gets nothing sent after removal and cannot read others' copies", async () => {
  const [ownerU, bobU, carolU] = [await h.user(), await h.user(), await h.user()];
  for (const u of [bobU, carolU]) h.peers.follow(u.id, ownerU.id);
  const owner = await device(ownerU, 1);
  const bob = await device(bobU, 1);
  const carol = await device(carolU, 1);
  const group = await h.call("POST", "/api/v1/chat/conversations", ownerU.token, {
    memberIds: [bobU.id, carolU.id],
    title: "book club",
  });
  expect(group.status).toBe(201);
  await owner.send(group.body.id, "welcome all");
  expect((await decryptAll(bob)).map((x) => x.text)).toEqual(["welcome all"]);
  expect((await decryptAll(carol)).map((x) => x.text)).toEqual(["welcome all"]);
  await carol.ack(1);

  const removed = await h.call("PATCH", `/api/v1/chat/conversations/${group.body.id}`, ownerU.token, {
    remove: [carolU.id],
  });
  expect(removed.status).toBe(200);
  // A client that still addresses carol is told she is stale (409) and nothing is queued for anyone.
  const stale = await h.call("POST", `/api/v1/chat/conversations/${group.body.id}/messages`, ownerU.token, {
    clientMessageId: crypto.randomUUID(),
    senderDeviceId: 1,
    envelopes: await owner.encryptFor([bobU.id, carolU.id], new TextEncoder().encode("not for carol")),
  });
  expect(stale.status).toBe(409);
  expect(stale.body.staleDevices).toEqual([{ accountId: carolU.id, deviceId: 1 }]);
  owner.peers.delete(carolU.id);
  const after = await owner.send(group.body.id, "carol is gone");
  expect(after.status).toBe(200);
  expect(await carol.backlog(1)).toEqual([]);
  const [bobCopy] = await bob.backlog(1);
  expect(await bob.decrypt(bobCopy as ReceivedEnvelope)).toBe("carol is gone");
  // Even holding bob's envelope, carol cannot decrypt it: it is encrypted to bob's session only.
  expect(await failsToDecrypt(carol.decrypt(bobCopy as ReceivedEnvelope))).toBe(true);
  // Carol cannot send into the group any more.
  const carolTry = await h.call(
    "POST",
    `/api/v1/chat/conversations/${group.body.id}/messages`,
    carolU.token,
    {
      clientMessageId: "x",
      senderDeviceId: 1,
      envelopes: [{ accountId: bobU.id, deviceId: 1, type: 2, ciphertext: "AAAA" }],
    },
  );
  expect(carolTry.status).toBe(404);
});
