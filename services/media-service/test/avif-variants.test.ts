import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import sharp from "sharp";
import { form, jpegWithExif, startMediaService } from "./support/media-harness.ts";

let h: Awaited<ReturnType<typeof startMediaService>>;
beforeAll(async () => {
  h = await startMediaService({ MEDIA_AVIF: "1" });
});
afterAll(() => h?.close());

interface File {
  url: string;
  contentType: string;
  size: number;
}

describe("MEDIA_AVIF=1", () => {
  test("every size also comes as AVIF: same dimensions, no metadata, served with image/avif, deleted with the media", async () => {
    const alice = await h.user();
    const res = await h.request("/api/v1/media", {
      method: "POST",
      body: form(await jpegWithExif(640, 480)),
      token: alice.token,
    });
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m).toMatchObject({ width: 480, height: 640 });
    for (const v of m.variants as Array<{ width: number; height: number; avif: File; fallback: File }>) {
      expect(v.avif.contentType).toBe("image/avif");
      const got = await h.fetchUrl(v.avif.url);
      expect(got.status).toBe(200);
      expect(got.headers.get("content-type")).toBe("image/avif");
      const bytes = Buffer.from(await got.arrayBuffer());
      expect(bytes.byteLength).toBe(v.avif.size);
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe("heif");
      expect(meta.compression).toBe("av1");
      expect([meta.width, meta.height]).toEqual([v.width, v.height]);
      // No EXIF at all, so no GPS either.
      expect(meta.exif).toBeUndefined();
    }
    // The RPC view carries it too.
    const batch = await h.rpc("content-service").batchGetMedia({ ids: [m.id] });
    expect(batch.media[0]?.variants.every((v) => v.avifUrl.includes(".avif"))).toBe(true);
    // GraphQL: MediaVariant.avif.
    const gql = await h.graphql<{ data: { media: { variants: { avif: { contentType: string } }[] } } }>(
      `query($id: ID!) { media(id: $id) { variants { avif { contentType size } } } }`,
      { id: m.id },
      alice.token,
    );
    expect(gql.data.media.variants.map((v) => v.avif.contentType)).toEqual([
      "image/avif",
      "image/avif",
      "image/avif",
    ]);

    const del = await h.request(`/api/v1/media/${m.id}`, { method: "DELETE", token: alice.token });
    expect(del.status).toBe(204);
    expect((await h.fetchUrl(m.variants[0].avif.url)).status).toBe(404);
  }, 60_000);
});
