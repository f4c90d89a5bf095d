import { afterAll, beforeAll, expect, test } from "bun:test";
import { CHAT_SOCKET_PATH, CLOSE } from "../src/socket/chat-socket.ts";
import { type ChatHarness, startChatService } from "./support/chat-harness.ts";
import { bundle } from "./support/key-bundle.ts";
import { openRawSocket } from "./support/raw-socket.ts";

// Short heartbeats so the test takes about a second: a ping every 200 ms, silent for 800 ms → closed.
let h: ChatHarness;
beforeAll(async () => {
  h = await startChatService({ env: { CHAT_HEARTBEAT_INTERVAL: "200ms", CHAT_IDLE_TIMEOUT: "800ms" } });
});
afterAll(() => h.close());

async function device() {
  const u = await h.user();
  expect((await h.call("PUT", "/api/v1/chat/devices/1/keys", u.token, bundle())).status).toBe(200);
  const raw = await openRawSocket(h.port, `${CHAT_SOCKET_PATH}?deviceId=1`);
  raw.sendText({ type: "auth", token: u.token });
  await raw.waitFor(() => raw.texts().some((f) => f.type === "ready"));
  return raw;
}

test("an authenticated socket is pinged; one that stops answering is closed with 4408, one that answers stays", async () => {
  const alive = await device();
  const silent = await device();
  // The server pings both (WebSocket ping frames, answered with pongs by this client).
  await alive.waitFor(() => alive.pings() >= 2);
  await silent.waitFor(() => silent.pings() >= 2);
  expect(silent.closeCode()).toBeUndefined();

  silent.autoPong = false;
  const alivePingsBefore = alive.pings();
  await silent.waitFor(() => silent.closeCode() !== undefined, 10_000);
  expect(silent.closeCode()).toBe(CLOSE.idle);
  // Meanwhile the answering socket was pinged over the whole idle window and is still open and served.
  expect(alive.pings()).toBeGreaterThanOrEqual(alivePingsBefore + 3);
  expect(alive.closeCode()).toBeUndefined();
  alive.sendText({ type: "ping" });
  await alive.waitFor(() => alive.texts().some((f) => f.type === "pong"));
  expect(alive.closeCode()).toBeUndefined();
  alive.end();
  silent.end();
});
