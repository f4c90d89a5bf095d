import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { FakeTrustSafety } from "@nova/kit/testing";
import { MediaFailedSchema } from "@nova/proto/media/v1";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { outbox } from "../src/db/schema/index.ts";
import { differenceHash } from "../src/domain/screen-image.ts";
import { form, startMediaService } from "./support/media-harness.ts";

const MAX_PIXELS = 50_000_000;
/** trust-safety's default TS_MEDIA_HASH_MAX_DISTANCE. */
const MATCH_DISTANCE = 10;

/** A "photo": a gradient sky, a sun and hills, rendered from SVG at `width` px. */
function scene(width: number, variant: "hills" | "city" = "hills"): Promise<Buffer> {
  const shapes =
    variant === "hills"
      ? `<circle cx="480" cy="120" r="70" fill="#ffd54a"/>
         <path d="M0 420 Q160 260 320 400 T640 360 V480 H0 Z" fill="#2e7d32"/>
         <path d="M0 470 Q200 380 420 460 T640 440 V480 H0 Z" fill="#1b5e20"/>`
      : `<rect x="40" y="180" width="90" height="300" fill="#37474f"/>
         <rect x="170" y="90" width="110" height="390" fill="#263238"/>
         <rect x="330" y="240" width="80" height="240" fill="#455a64"/>
         <rect x="450" y="140" width="140" height="340" fill="#212121"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1e88e5"/><stop offset="1" stop-color="#bbdefb"/></linearGradient></defs>
    <rect width="640" height="480" fill="url(#sky)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).resize(width).jpeg({ quality: 92 }).toBuffer();
}

const distance = (a: string, b: string) => {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  for (; x; x &= x - 1n) n++;
  return n;
};

describe("difference hash (dHash)", () => {
  test("a re-encoded, resized copy stays within the match distance; a different image does not", async () => {
    const original = await scene(640);
    const copy = await sharp(original).resize(300).webp({ quality: 55 }).toBuffer();
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
    h = await startMediaService({}, ts);
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
