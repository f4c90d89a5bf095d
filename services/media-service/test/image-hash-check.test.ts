import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { FakeTrustSafety } from "@nova/kit/testing";
import { MediaFailedSchema } from "@nova/proto/media/v1";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { outbox } from "../src/db/schema/index.ts";
import { differenceHash } from "../src/domain/screen-image.ts";
import { form, startMediaService } from "./support/media-harness.ts";
import { reencoded, scene } from "./support/test-pictures.ts";

const MAX_PIXELS = 50_000_000;
/** trust-safety's default TS_MEDIA_HASH_MAX_DISTANCE. */
const MATCH_DISTANCE = 10;

const distance = (a: string, b: string) => {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  for (; x; x &= x - 1n) n++;
  return n;
};

describe("difference hash (dHash)", () => {
  test("a re-encoded, resized copy stays within the match distance; a different image does not", async () => {
    const original = await scene(640);
    const copy = await reencoded(original);
    const other = await scene(640, "city");
    const [h1, h2, h3] = await Promise.all([original, copy, other].map((b) => differenceHash(b, MAX_PIXELS)));
    expect(h1).toMatch(/^[0-9a-f]{16}$/);
    expect(distance(h1 as string, h2 as string)).toBeLessThanOrEqual(MATCH_DISTANCE);
    expect(distance(h1 as string, h3 as string)).toBeGreaterThan(MATCH_DISTANCE);
  });

  test("EXIF orientation is applied first: a rotated-by-tag copy hashes like the upright image", async () => {
    const upright = await scene(320);
    const sideways = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const [a, b] = await Promise.all([
      differenceHash(upright, MAX_PIXELS),
      differenceHash(sideways, MAX_PIXELS),
    ]);
    expect(distance(a, b)).toBeLessThanOrEqual(4);
  });
});

describe("uploads through trust-safety's hash check", () => {
  const ts = new FakeTrustSafety();
  let h: Awaited<ReturnType<typeof startMediaService>>;
  beforeAll(async () => {
    h = await startMediaService({}, { trustSafety: ts });
  }, 30_000);
  afterAll(() => h?.close());

  const upload = (token: string, bytes: Uint8Array) =>
    h.request("/api/v1/media", { method: "POST", body: form(bytes), token });
  const storedFiles = async () =>
    (await readdir(`${h.root}/objects`, { recursive: true }).catch(() => [])).filter((n) =>
      String(n).endsWith(".meta"),
    ).length;

  test("a blocked image is recorded failed with error blocked_media, nothing stored, MediaFailed; others are ready", async () => {
    const alice = await h.user();
    const bad = await scene(640);
    const badHash = await differenceHash(bad, MAX_PIXELS);
    ts.verdicts.set(badHash, { decision: "reject", reasonCode: "blocked_media" });
    const before = await storedFiles();

    const res = await upload(alice.token, bad);
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m).toMatchObject({ status: "failed", error: "blocked_media", variants: [] });
    expect(await storedFiles()).toBe(before);
    expect(ts.checked.at(-1)).toEqual({
      accountId: alice.id,
      subjectType: "media",
      subjectId: m.id,
      text: "",
      mediaHash: badHash,
    });
    const events = await h.db.db.select().from(outbox).where(eq(outbox.aggregateId, m.id));
    expect(events.map((e) => e.eventType)).toEqual([MediaFailedSchema.typeName]);
    // It can never be attached: only ready media is.
    expect((await h.request(`/api/v1/media/${m.id}`, { token: (await h.user()).token })).status).toBe(404);

    const fine = await upload(alice.token, await scene(640, "city"));
    expect((await fine.json()).status).toBe("ready");
    expect(await storedFiles()).toBeGreaterThan(before);
  });

  test("trust-safety down → 503 and nothing stored (MEDIA_CHECK_FAIL_MODE=reject, the default)", async () => {
    const bob = await h.user();
    const before = await storedFiles();
    ts.down = true;
    try {
      expect((await upload(bob.token, await scene(200))).status).toBe(503);
    } finally {
      ts.down = false;
    }
    expect(await storedFiles()).toBe(before);
  });
});
