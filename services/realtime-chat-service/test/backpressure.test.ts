import { afterAll, beforeAll, expect, test } from "bun:test";
import { type ChatHarness, startChatService } from "./support/chat-harness.ts";
import { bundle } from "./support/key-bundle.ts";
import { connectDevice } from "./support/socket-client.ts";

// The lowest backpressure limit, so delivery pauses as soon as the kernel buffers are full.
let h: ChatHarness;
beforeAll(async () => {
  h = await startChatService({ env: { CHAT_SOCKET_MAX_BUFFERED: "1024" } });
});
afterAll(() => h.close());

const sentSoFar = async () => (await h.ctx.chatMetrics.envelopesSent.get()).values[0]?.value ?? 0;

test("a socket that stops reading pauses delivery; on drain it resumes with no loss, no duplicate, in deviceSeq order", async () => {
  const alice = await h.user();
  const bob = await h.user();
  for (const u of [alice, bob])
    expect((await h.call("PUT", "/api/v1/chat/devices/1/keys", u.token, bundle())).status).toBe(200);
  h.peers.follow(bob.id, alice.id);
  const conversation = await h.call("POST", "/api/v1/chat/conversations", alice.token, {
    memberIds: [bob.id],
  });
  const conversationId = conversation.body.id as string;

  const socket = await connectDevice(h.port, 1, bob.token);
  const sentAtStart = await sentSoFar();
  socket.pause(); // bob stops reading: the kernel buffers fill, then Bun's send reports backpressure

  // ~6 MB of ciphertext, about twice what the loopback socket buffers held here.
  const total = 120; // loopback held ~60 of these (3 MB) before Bun reported backpressure
  const sent: string[] = [];
  for (let i = 0; i < total; i++) {
    const ciphertext = Buffer.from(crypto.getRandomValues(new Uint8Array(48 * 1024))).toString("base64");
    sent.push(ciphertext);
    const res = await h.call("POST", `/api/v1/chat/conversations/${conversationId}/messages`, alice.token, {
      clientMessageId: `m${i}`,
      senderDeviceId: 1,
      envelopes: [{ accountId: bob.id, deviceId: 1, type: 2, ciphertext }],
    });
    expect(res.status).toBe(200);
  }
  // Every message is committed and its hint handled (in-process pub/sub runs before the response),
  // yet the server stopped writing to the full socket instead of queueing all of them in memory.
  const written = (await sentSoFar()) - sentAtStart;
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThan(total);

  socket.resume(); // drain → the server reads the rest from the database after the last one written
  await socket.waitFor((f) => f.filter((x) => x.type === "envelope").length >= total, 20_000);
  const envelopes = socket.envelopes();
  expect(envelopes.map((e) => e.deviceSeq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(envelopes.map((e) => e.ciphertext)).toEqual(sent);
  expect(envelopes.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  await socket.close();
}, 60_000);
