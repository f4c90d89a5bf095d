import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { hammingDistance } from "../src/domain/media-hash-index.ts";
import { startTrustSafety, type TrustSafetyHarness } from "./support/ts-harness.ts";

let h: TrustSafetyHarness;
beforeAll(async () => {
  h = await startTrustSafety({ TS_MEDIA_HASH_MAX_DISTANCE: "6" });
}, 30_000);
afterAll(() => h.close());

const BLOCKED = "f0e4c2d7c8b0a1e3";
/** `hash` with the lowest `bits` bits flipped. */
const flip = (hash: string, bits: number) =>
  (BigInt(`0x${hash}`) ^ ((1n << BigInt(bits)) - 1n)).toString(16).padStart(16, "0");
const PATH = "/api/v1/moderation/hash-blocklist";

const checkMedia = (mediaHash: string, accountId = crypto.randomUUID()) =>
  h.tsRpc("media-service").check({
    accountId,
    subjectType: "media",
    subjectId: crypto.randomUUID(),
    text: "",
    mediaHash,
  });

describe("Hamming distance", () => {
  test("counts differing bits over 64 bits", () => {
    expect(hammingDistance(0n, 0n)).toBe(0);
    expect(hammingDistance(0n, 0xffff_ffff_ffff_ffffn)).toBe(64);
    expect(hammingDistance(BigInt(`0x${BLOCKED}`), BigInt(`0x${flip(BLOCKED, 5)}`))).toBe(5);
  });
});

describe("the image hash blocklist (admins) and Check on media", () => {
  test("only admins manage it: 401 without a token, 403 for a moderator or a member", async () => {
    const [mod, member] = [await h.staff("moderator"), await h.user()];
    expect((await h.json(PATH, "GET", undefined)).status).toBe(401);
    expect((await h.json(PATH, "GET", mod.token)).status).toBe(403);
    expect((await h.json(PATH, "POST", member.token, { hash: BLOCKED, reason: "x" })).status).toBe(403);
  });

  test("a blocked hash rejects near-duplicates (within the distance) as blocked_media, not others; removing it lifts that; every change audited", async () => {
    const admin = await h.staff("admin");
    expect((await checkMedia(flip(BLOCKED, 3))).decision).toBe("allow");

    const added = await h.json(PATH, "POST", admin.token, {
      hash: BLOCKED.toUpperCase(),
      reason: "known abuse image",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ hash: BLOCKED, reason: "known abuse image", addedBy: admin.id });
    expect((await h.json(PATH, "POST", admin.token, { hash: BLOCKED, reason: "again" })).status).toBe(409);
    expect((await h.json(PATH, "POST", admin.token, { hash: "not-a-hash", reason: "x" })).status).toBe(400);
    const listed = await h.json(PATH, "GET", admin.token);
    expect(listed.body.items.map((e: { hash: string }) => e.hash)).toEqual([BLOCKED]);

    for (const bits of [0, 3, 6]) {
      const near = await checkMedia(flip(BLOCKED, bits));
      expect(near.decision).toBe("reject");
      expect(near.reasonCode).toBe("blocked_media");
      expect(near.reasons[0]?.detail).toContain(`within ${bits} bits`);
    }
    expect((await checkMedia(flip(BLOCKED, 7))).decision).toBe("allow");
    expect((await checkMedia("0123456789abcdef")).decision).toBe("allow");

    expect((await h.json(`${PATH}/${added.body.id}`, "DELETE", admin.token)).status).toBe(204);
    expect((await h.json(`${PATH}/${added.body.id}`, "DELETE", admin.token)).status).toBe(404);
    expect((await checkMedia(BLOCKED)).decision).toBe("allow");

    const audit = await h.json("/api/v1/moderation/audit?limit=200", "GET", admin.token);
    const entries = audit.body.items.filter((e: { subjectId: string }) => e.subjectId === added.body.id);
    expect(
      entries.map((e: { verb: string; actor: string; reason: string }) => [e.verb, e.actor, e.reason]),
    ).toEqual([
      ["hash_blocklist.remove", admin.id, "known abuse image"],
      ["hash_blocklist.add", admin.id, "known abuse image"],
    ]);
    // The automated rejections are audited too (check.reject, reason blocked_media).
    expect(
      audit.body.items.some(
        (e: { verb: string; reason: string }) => e.verb === "check.reject" && e.reason === "blocked_media",
      ),
    ).toBe(true);
  });

  test("a media check without a hash is invalid", async () => {
    await expect(
      h
        .tsRpc("media-service")
        .check({ accountId: crypto.randomUUID(), subjectType: "media", subjectId: "m", text: "" }),
    ).rejects.toThrow(/mediaHash/);
  });
});
