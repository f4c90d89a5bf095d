import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import sharp from "sharp";
import { form, hasGps, jpegWithExif, startMediaService } from "./support/media-harness.ts";

let h: Awaited<ReturnType<typeof startMediaService>>;
beforeAll(async () => {
  h = await startMediaService({ MEDIA_MAX_PIXELS: "1000000", MEDIA_QUOTA_BYTES: "400000" });
});
afterAll(() => h?.close());

async function upload(token: string, body: FormData) {
  return h.request("/api/v1/media", { method: "POST", body, token });
}

async function storedFiles(): Promise<number> {
  const objects = await readdir(`${h.root}/objects`, { recursive: true }).catch(() => []);
  return objects.filter((n) => String(n).endsWith(".meta")).length;
}

describe("POST /api/v1/media (images)", () => {
  test("a JPEG with EXIF orientation 6 and GPS comes back ready, rotated, in three sizes, with no metadata", async () => {
    const alice = await h.user();
    const res = await upload(
      alice.token,
      form(await jpegWithExif(), { alt: "a blue square", focus: "0.5,-0.25" }),
    );
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m).toMatchObject({ ownerId: alice.id, kind: "image", status: "ready", alt: "a blue square" });
    expect(m.focus).toEqual({ x: 0.5, y: -0.25 });
    // Orientation 6 turns the 64×48 sensor image into a 48×64 portrait.
    expect([m.width, m.height]).toEqual([48, 64]);
    expect(m.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{10,}$/);
    expect(m.variants.map((v: { name: string }) => v.name)).toEqual(["small", "medium", "large"]);
    for (const v of m.variants) {
      // AVIF only with MEDIA_AVIF=1 (test/avif-variants.test.ts).
      expect(v.avif).toBeUndefined();
      for (const [url, type] of [
        [v.url, "image/webp"],
        [v.fallback.url, "image/jpeg"],
      ]) {
        const got = await h.fetchUrl(url);
        expect(got.status).toBe(200);
        expect(got.headers.get("content-type")).toBe(type);
        expect(got.headers.get("etag")).toMatch(/^".+"$/);
        const bytes = Buffer.from(await got.arrayBuffer());
        const meta = await sharp(bytes).metadata();
        expect([meta.width, meta.height]).toEqual([48, 64]);
        expect(meta.exif).toBeUndefined();
        expect(hasGps(meta.exif)).toBe(false);
      }
    }
  });

  test("an upload over the edge's 1 MiB default body limit is accepted (media-service raises it)", async () => {
    const alice = await h.user();
    // Uncompressed PNG of a flat colour: > 1 MiB on the wire, tiny once processed (this file's quota is small).
    const noise = await sharp({ create: { width: 640, height: 640, channels: 3, background: "#808080" } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.byteLength).toBeGreaterThan(1024 * 1024);
    const res = await upload(alice.token, form(noise, {}, "noise.png"));
    expect(res.status).toBe(201);
    expect((await res.json()).variants).toHaveLength(3);
  });

  test("a signed URL that was tampered with, or has expired, is refused with 403", async () => {
    const alice = await h.user();
    const m = await (await upload(alice.token, form(await jpegWithExif()))).json();
    const url = new URL(m.variants[0].url);
    const other = new URL(m.variants[1].url);
    url.searchParams.set("signature", other.searchParams.get("signature") ?? "");
    expect((await h.fetchUrl(url.toString())).status).toBe(403);
    const expired = new URL(m.variants[0].url);
    expired.searchParams.set("expires", "1000");
    expect((await h.fetchUrl(expired.toString())).status).toBe(403);
  });

  test("Range requests get 206 with Content-Range; If-None-Match gets 304", async () => {
    const alice = await h.user();
    const m = await (await upload(alice.token, form(await jpegWithExif()))).json();
    const url = m.variants[2].fallback.url;
    const full = await h.fetchUrl(url);
    const all = Buffer.from(await full.arrayBuffer());
    const part = await h.fetchUrl(url, { headers: { range: "bytes=2-9" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 2-9/${all.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(all.subarray(2, 10));
    const suffix = await h.fetchUrl(url, { headers: { range: "bytes=-4" } });
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(all.subarray(all.length - 4));
    const outside = await h.fetchUrl(url, { headers: { range: `bytes=${all.length + 10}-` } });
    expect(outside.status).toBe(416);
    const cached = await h.fetchUrl(url, { headers: { "if-none-match": full.headers.get("etag") ?? "" } });
    expect(cached.status).toBe(304);
  });

  test("the type is decided by the bytes: a text file named photo.jpg is 415 and nothing is stored", async () => {
    const alice = await h.user();
    const before = await storedFiles();
    const res = await upload(
      alice.token,
      form(new TextEncoder().encode("hello, not a photo"), {}, "photo.jpg"),
    );
    expect(res.status).toBe(415);
    expect((await res.json()).code).toBe("unsupported_media_type");
    expect(await storedFiles()).toBe(before);
  });

  test("an image declaring more pixels than MEDIA_MAX_PIXELS is 422 and nothing is stored", async () => {
    const alice = await h.user();
    const bomb = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const before = await storedFiles();
    const res = await upload(alice.token, form(bomb, {}, "bomb.png"));
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toContain("2000×1000");
    expect(await storedFiles()).toBe(before);
  });

  test("bad alt/focus are 400 naming the field; anonymous is 401", async () => {
    const alice = await h.user();
    const photo = await jpegWithExif();
    const long = await upload(alice.token, form(photo, { alt: "x".repeat(1501) }));
    expect(long.status).toBe(400);
    expect(JSON.stringify(await long.json())).toContain("alt");
    const focus = await upload(alice.token, form(photo, { focus: "2,0" }));
    expect(focus.status).toBe(400);
    expect(JSON.stringify(await focus.json())).toContain("focus");
    const anon = await h.request("/api/v1/media", { method: "POST", body: form(photo) });
    expect(anon.status).toBe(401);
  });

  test("the per-account quota refuses an upload past it with 413", async () => {
    const bob = await h.user();
    // ~100 KB of noise per upload: the 400 KB quota lets a few through, then refuses.
    const noisy = await sharp(Buffer.from(crypto.getRandomValues(new Uint8Array(300 * 300 * 3))), {
      raw: { width: 300, height: 300, channels: 3 },
    })
      .jpeg({ quality: 95 })
      .toBuffer();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await upload(bob.token, form(noisy))).status);
    expect(statuses[0]).toBe(201);
    expect(statuses.at(-1)).toBe(413);
  });

  test("PATCH alt/focus and DELETE are the owner's; DELETE removes every stored file", async () => {
    const alice = await h.user();
    const mallory = await h.user();
    const m = await (await upload(alice.token, form(await jpegWithExif()))).json();
    const patch = (token: string, body: unknown) =>
      h.request(`/api/v1/media/${m.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        token,
      });
    expect((await patch(mallory.token, { alt: "mine now" })).status).toBe(404);
    const patched = await patch(alice.token, { alt: "new alt", focus: "0,0.5" });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ alt: "new alt", focus: { x: 0, y: 0.5 } });
    expect(
      (await h.request(`/api/v1/media/${m.id}`, { method: "DELETE", token: mallory.token })).status,
    ).toBe(404);
    expect((await h.request(`/api/v1/media/${m.id}`, { method: "DELETE", token: alice.token })).status).toBe(
      204,
    );
    expect((await h.request(`/api/v1/media/${m.id}`)).status).toBe(404);
    expect((await h.store.list(`media/${alice.id}/${m.id}/`)).items).toEqual([]);
    expect((await h.fetchUrl(m.variants[0].url)).status).toBe(404);
  });
});
