import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ChatDevice } from "./support/chat-client.ts";
import { type ChatHarness, type DatabaseKind, eventually, startChatService } from "./support/chat-harness.ts";
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

    test("an identity-key change reaches an offline partner durably: on resume, once, in deviceSeq order, acked like an envelope", async () => {
      const alice = await h.user();
      const bob = await h.user();
      const carol = await h.user();
      for (const d of [1, 2])
        expect((await h.call("PUT", `/api/v1/chat/devices/${d}/keys`, alice.token, bundle())).status).toBe(
          200,
        );
      for (const u of [bob, carol])
        expect((await h.call("PUT", "/api/v1/chat/devices/1/keys", u.token, bundle())).status).toBe(200);
      h.peers.follow(alice.id, bob.id);
      const conversationId = (
        await h.call("POST", "/api/v1/chat/conversations", bob.token, { memberIds: [alice.id] })
      ).body.id as string;
      const bobSends = async (clientMessageId: string) => {
        const envelopes = [1, 2].map((deviceId) => ({
          accountId: alice.id,
          deviceId,
          type: 2,
          ciphertext: Buffer.from(clientMessageId).toString("base64"),
        }));
        const res = await h.call("POST", `/api/v1/chat/conversations/${conversationId}/messages`, bob.token, {
          clientMessageId,
          senderDeviceId: 1,
          envelopes,
        });
        expect(res.status).toBe(200);
      };

      await bobSends("before");
      const first = await connectDevice(h.port, 1, alice.token);
      await first.waitFor((f) => f.some((x) => x.deviceSeq === 1));
      await first.close(); // alice's device 1 is offline from here, having seen deviceSeq 1

      // bob's device 1 gets a new identity key while alice is offline, then bob writes again.
      expect((await h.call("PUT", "/api/v1/chat/devices/1/keys", bob.token, bundle())).status).toBe(200);
      await bobSends("after");

      const resumed = await connectDevice(h.port, 1, alice.token, 1);
      await resumed.waitFor((f) => f.some((x) => x.deviceSeq === 3));
      const queued = resumed.frames.filter((x) => x.deviceSeq !== undefined);
      expect(queued.map((x) => [x.type, x.deviceSeq])).toEqual([
        ["identity_changed", 2],
        ["envelope", 3],
      ]);
      expect(queued[0]).toMatchObject({ accountId: bob.id, deviceId: 1, conversationId });
      expect(queued[0]).not.toHaveProperty("ciphertext");
      expect(queued[1]?.ciphertext).toBe(Buffer.from("after").toString("base64"));
      resumed.send({ type: "ack", upTo: 2 });

      // alice's other device has it queued too (REST backlog = what its socket would send); carol, no partner, nothing.
      const other = await h.call("GET", "/api/v1/chat/devices/2/messages?after=0", alice.token);
      expect(other.body.envelopes.map((x: Json) => [x.type, x.deviceSeq])).toEqual([
        ["envelope", 1],
        ["identity_changed", 2],
        ["envelope", 3],
      ]);
      expect(
        (await h.call("GET", "/api/v1/chat/devices/1/messages?after=0", carol.token)).body.envelopes,
      ).toEqual([]);

      // Acknowledged like an envelope: gone from the queue, so a later resume does not repeat it.
      const left = await eventually(async () => {
        const page = (await h.call("GET", "/api/v1/chat/devices/1/messages?after=0", alice.token)).body;
        return page.envelopes.length === 1 ? (page.envelopes as Json[]) : undefined;
      });
      expect(left.map((x: Json) => [x.type, x.deviceSeq])).toEqual([["envelope", 3]]);
      await resumed.close();
      const again = await connectDevice(h.port, 1, alice.token, 1);
      await again.waitFor((f) => f.some((x) => x.deviceSeq === 3));
      expect(again.frames.filter((x) => x.type === "identity_changed")).toEqual([]);
      await again.close();
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

  test("an identity-key change reaches a connected partner's socket as a queued item", async () => {
    const aliceUser = await h.user();
    const bobUser = await h.user();
    const a = new ChatDevice(aliceUser.id, 1, aliceUser.token, h.call);
    const b = new ChatDevice(bobUser.id, 1, bobUser.token, h.call);
    await a.register();
    await b.register();
    await h.call("POST", "/api/v1/chat/conversations", aliceUser.token, { memberIds: [bobUser.id] });
    const sock = await connectDevice(h.port, 1, aliceUser.token);
    await new ChatDevice(bobUser.id, 1, bobUser.token, h.call).register();
    await sock.waitFor((f) =>
      f.some((x) => x.type === "identity_changed" && x.accountId === bobUser.id && x.deviceSeq === 1),
    );
    await sock.close();
  });
});
