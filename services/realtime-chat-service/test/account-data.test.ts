import { afterAll, beforeAll, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { type ChatHarness, startChatService } from "./support/chat-harness.ts";
import { bundle } from "./support/key-bundle.ts";

let h: ChatHarness;
beforeAll(async () => {
  // Claims limited to 3 a minute per claimer here (the other files turn write limits off).
  h = await startChatService({ env: { RATE_LIMIT_PREKEYS: "3/1m" } });
});
afterAll(() => h.close());

const code = (p: Promise<unknown>) =>
  p.then(
    () => Code.Unknown,
    (e) => ConnectError.from(e).code,
  );

async function setup() {
  const alice = await h.user();
  const bob = await h.user();
  for (const u of [alice, bob]) await h.call("PUT", "/api/v1/chat/devices/1/keys", u.token, bundle());
  h.peers.follow(bob.id, alice.id);
  const conv = await h.call("POST", "/api/v1/chat/conversations", alice.token, { memberIds: [bob.id] });
  await h.call("POST", `/api/v1/chat/conversations/${conv.body.id}/messages`, alice.token, {
    clientMessageId: "1",
    senderDeviceId: 1,
    envelopes: [{ accountId: bob.id, deviceId: 1, type: 3, ciphertext: "AQID" }],
  });
  return { alice, bob, id: conv.body.id as string };
}

test("ExportAccountData: devices, memberships and the undelivered count, only for the owner", async () => {
  const { bob, id } = await setup();
  const { data } = await h.rpc(bob.token).exportAccountData({ accountId: bob.id });
  const json = data as unknown as {
    devices: { deviceId: number }[];
    conversations: { conversationId: string }[];
    undeliveredEnvelopes: number;
  };
  expect(json.devices.map((d) => d.deviceId)).toEqual([1]);
  expect(json.conversations.map((c) => c.conversationId)).toEqual([id]);
  expect(json.undeliveredEnvelopes).toBe(1);
  const other = await h.user();
  expect(await code(h.rpc(other.token).exportAccountData({ accountId: bob.id }))).toBe(Code.PermissionDenied);
  expect([Code.Unauthenticated, Code.PermissionDenied]).toContain(
    await code(h.rpc(bob.token, null).exportAccountData({ accountId: bob.id })),
  );
});

test("AccountDeleted (delivered twice) erases devices, keys, queued envelopes and memberships", async () => {
  const { alice, bob, id } = await setup();
  const eventId = await h.deliver(AccountDeletedSchema, bob.id, { accountId: bob.id });
  await h.deliver(AccountDeletedSchema, bob.id, { accountId: bob.id }, eventId);
  await h.deliver(AccountDeletedSchema, bob.id, { accountId: bob.id });
  expect((await h.call("GET", `/api/v1/chat/users/${bob.id}/keys`, alice.token)).status).toBe(404);
  const { data } = await h.rpc(bob.token).exportAccountData({ accountId: bob.id });
  expect(data).toMatchObject({ devices: [], undeliveredEnvelopes: 0 });
  const conv = await h.call("GET", `/api/v1/chat/conversations/${id}`, alice.token);
  expect(conv.body.members.map((m: { accountId: string }) => m.accountId)).toEqual([alice.id]);
});

test("GraphQL: conversations and message requests, metadata only", async () => {
  const alice = await h.user();
  const dave = await h.user();
  const started = await h.graphql<{ data: { startChatConversation: { id: string; kind: string } } }>(
    "mutation($m: [ID!]!) { startChatConversation(memberIds: $m) { id kind } }",
    { m: [dave.id] },
    alice.token,
  );
  const id = started.data.startChatConversation.id;
  expect(started.data.startChatConversation.kind).toBe("direct");
  const requests = await h.graphql<{ data: { chatMessageRequests: { id: string; state: string }[] } }>(
    "{ chatMessageRequests { id state members { accountId state } } }",
    {},
    dave.token,
  );
  expect(requests.data.chatMessageRequests.map((c) => [c.id, c.state])).toEqual([[id, "request"]]);
  const accepted = await h.graphql<{ data: { acceptChatMessageRequest: { state: string } } }>(
    "mutation($id: ID!) { acceptChatMessageRequest(id: $id) { state } }",
    { id },
    dave.token,
  );
  expect(accepted.data.acceptChatMessageRequest.state).toBe("active");
  const inbox = await h.graphql<{ data: { chatConversations: { id: string; unreadCount: number }[] } }>(
    "{ chatConversations { id unreadCount } }",
    {},
    dave.token,
  );
  expect(inbox.data.chatConversations).toEqual([{ id, unreadCount: 0 }]);
  const anonymous = await h.graphql<{ errors?: unknown[] }>("{ chatConversations { id } }");
  expect(anonymous.errors?.length).toBeGreaterThan(0);
});

test("key-bundle claims are rate limited per claimer (429 with Retry-After)", async () => {
  const bob = await h.user();
  const claimer = await h.user();
  await h.call("PUT", "/api/v1/chat/devices/1/keys", bob.token, bundle());
  for (let i = 0; i < 3; i++)
    expect((await h.call("GET", `/api/v1/chat/users/${bob.id}/keys`, claimer.token)).status).toBe(200);
  const res = await h.request(`/api/v1/chat/users/${bob.id}/keys`, { token: claimer.token });
  expect(res.status).toBe(429);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await h.call("GET", "/api/v1/chat/devices/1/keys/count", bob.token)).body.oneTimePreKeys).toBe(0);
});
