import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ChatDevice } from "./support/chat-client.ts";
import { type ChatHarness, type DatabaseKind, startChatService } from "./support/chat-harness.ts";
import type { Json } from "./support/json.ts";
import { bundle } from "./support/key-bundle.ts";
import { connectDevice } from "./support/socket-client.ts";

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`key directory (${kind})`, () => {
    let h: ChatHarness;
    beforeAll(async () => {
      h = await startChatService({ database: kind });
    });
    afterAll(() => h.close());

    test("100 parallel claims hand out 100 different one-time prekeys, then the last-resort key", async () => {
      const bob = await h.user();
      const up = await h.call("PUT", "/api/v1/chat/devices/1/keys", bob.token, bundle({ oneTime: 100 }));
      expect(up.status).toBe(200);
      const claimers = await Promise.all(Array.from({ length: 10 }, () => h.user()));
      const claims = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          h.call("GET", `/api/v1/chat/users/${bob.id}/keys`, claimers[i % 10]?.token),
        ),
      );
      expect(claims.every((c) => c.status === 200)).toBe(true);
      const ids = claims.map((c) => c.body.devices[0].oneTimePreKey?.id);
      expect(ids.every((id) => typeof id === "number")).toBe(true);
      expect(new Set(ids).size).toBe(100);
      const count = await h.call("GET", "/api/v1/chat/devices/1/keys/count", bob.token);
      expect(count.body).toEqual({ deviceId: 1, oneTimePreKeys: 0 });
      const after = await h.call("GET", `/api/v1/chat/users/${bob.id}/keys`, claimers[0]?.token);
      expect(after.body.devices[0].oneTimePreKey).toBeNull();
      expect(after.body.devices[0].kyberPreKey.id).toBe(7);
    });
  });
}

describe("key directory rules", () => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatService();
  });
  afterAll(() => h.close());

  test("a signed prekey whose signature does not verify is refused with 422 and nothing is stored", async () => {
    const a = await h.user();
    const res = await h.call("PUT", "/api/v1/chat/devices/1/keys", a.token, bundle({ badSignature: true }));
    expect(res.status).toBe(422);
    expect(res.body.violations[0].field).toBe("signedPreKey.signature");
    expect((await h.call("GET", `/api/v1/chat/users/${a.id}/keys`, (await h.user()).token)).status).toBe(404);
  });

  test("a Kyber prekey signed by another identity is refused with 422", async () => {
    const a = await h.user();
    const res = await h.call("PUT", "/api/v1/chat/devices/1/keys", a.token, bundle({ badKyber: true }));
    expect(res.status).toBe(422);
    expect(res.body.violations[0].field).toBe("kyberPreKey.signature");
  });

  test("bad input is a 400 naming the field; no token is a 401", async () => {
    const a = await h.user();
    const res = await h.call("PUT", "/api/v1/chat/devices/500/keys", a.token, bundle());
    expect(res.status).toBe(400);
    expect((await h.call("PUT", "/api/v1/chat/devices/1/keys", undefined, bundle())).status).toBe(401);
  });

  test("two claims of a bundle return different one-time prekeys; one bundle per device", async () => {
    const bob = await h.user();
    const alice = await h.user();
    await h.call("PUT", "/api/v1/chat/devices/1/keys", bob.token, bundle());
    await h.call("PUT", "/api/v1/chat/devices/2/keys", bob.token, bundle());
    const first = await h.call("GET", `/api/v1/chat/users/${bob.id}/keys`, alice.token);
    const second = await h.call("GET", `/api/v1/chat/users/${bob.id}/keys`, alice.token);
    expect(first.body.devices.map((d: Json) => d.deviceId)).toEqual([1, 2]);
    expect(first.body.devices[0].oneTimePreKey.id).not.toBe(second.body.devices[0].oneTimePreKey.id);
    expect((await h.call("GET", "/api/v1/chat/devices/1/keys/count", bob.token)).body.oneTimePreKeys).toBe(1);
  });

  test("a blocked pair cannot claim each other's keys", async () => {
    const bob = await h.user();
    const carol = await h.user();
    await h.call("PUT", "/api/v1/chat/devices/1/keys", bob.token, bundle());
    h.peers.block(bob.id, carol.id);
    expect((await h.call("GET", `/api/v1/chat/users/${bob.id}/keys`, carol.token)).status).toBe(404);
  });

  test("an identity-key change is announced to conversation partners' sockets", async () => {
    const aliceUser = await h.user();
    const bobUser = await h.user();
    const a = new ChatDevice(aliceUser.id, 1, aliceUser.token, h.call);
    const b = new ChatDevice(bobUser.id, 1, bobUser.token, h.call);
    await a.register();
    await b.register();
    await h.call("POST", "/api/v1/chat/conversations", aliceUser.token, { memberIds: [bobUser.id] });
    const sock = await connectDevice(h.port, 1, aliceUser.token);
    await new ChatDevice(bobUser.id, 1, bobUser.token, h.call).register();
    await sock.waitFor((f) => f.some((x) => x.type === "identity_changed" && x.accountId === bobUser.id));
    await sock.close();
  });
});
