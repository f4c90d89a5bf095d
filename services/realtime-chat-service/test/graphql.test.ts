import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type ChatHarness, startChatService } from "./support/chat-harness.ts";
import type { Json } from "./support/json.ts";

let h: ChatHarness;
beforeAll(async () => {
  h = await startChatService();
});
afterAll(() => h.close());

const CHANGE = `mutation($id: ID!, $input: ChangeChatConversationInput!) {
  changeChatConversation(id: $id, input: $input) { id title members { accountId state } }
}`;

describe("chat conversations over GraphQL (the same domain verbs as REST)", () => {
  test("start a group, rename it, remove a member, leave; a plain member may not rename", async () => {
    const [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];
    h.peers.follow(bob.id, alice.id);
    h.peers.follow(carol.id, alice.id);
    const started = await h.graphql<Json>(
      `mutation($m: [ID!]!) { startChatConversation(memberIds: $m, title: "garden") { id kind title } }`,
      { m: [bob.id, carol.id] },
      alice.token,
    );
    const id = started.data.startChatConversation.id as string;
    expect(started.data.startChatConversation).toMatchObject({ kind: "group", title: "garden" });

    const renamed = await h.graphql<Json>(CHANGE, { id, input: { title: "allotment" } }, alice.token);
    expect(renamed.data.changeChatConversation.title).toBe("allotment");

    const refused = await h.graphql<Json>(CHANGE, { id, input: { title: "mine" } }, bob.token);
    expect(refused.errors[0].extensions.code).toBe("PERMISSION_DENIED");

    const removed = await h.graphql<Json>(CHANGE, { id, input: { remove: [carol.id] } }, alice.token);
    const activeIds = removed.data.changeChatConversation.members
      .filter((m: Json) => m.state === "active" || m.state === "request")
      .map((m: Json) => m.accountId);
    expect(activeIds).toContain(bob.id);
    expect(activeIds).not.toContain(carol.id);

    const left = await h.graphql<Json>(
      `mutation($id: ID!) { leaveChatConversation(id: $id) }`,
      { id },
      bob.token,
    );
    expect(left.data.leaveChatConversation).toBe(true);
    const after = await h.graphql<Json>(
      `query($id: ID!) { chatConversation(id: $id) { id } }`,
      { id },
      bob.token,
    );
    const visible = after.data?.chatConversation ?? null;
    const rest = await h.call("GET", `/api/v1/chat/conversations/${id}`, bob.token);
    // GraphQL and REST agree on what a member who left can still see.
    expect(visible === null).toBe(rest.status === 404);
  });
});
